import datetime
import re

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains, assertNotContains

from background.models import WorkerReport
from background.queue import backoff, requeue_lost_tasks
from tests.support import tasks

pytestmark = pytest.mark.django_db


def test_a_failing_task_runs_again_after_each_delay_then_fails_for_good(
    run_tasks, tmp_path
):
    result = tasks.fail_until_the_file_exists.enqueue(str(tmp_path / "never"))

    run_tasks()
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "READY"  # waiting for its second try, error kept
    assert "ConnectionRefusedError" in row.traceback
    assert row.run_after > timezone.now() + datetime.timedelta(seconds=50)
    run_tasks()  # not due yet: nothing happens
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 1

    for minutes in (2, 13):
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes)):
            run_tasks()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "FAILED"
    assert len(row.worker_ids) == 3
    assert row.exception_class_path == "builtins.ConnectionRefusedError"


def test_a_task_that_fails_once_succeeds_on_its_retry(run_tasks, tmp_path):
    marker = tmp_path / "up"
    result = tasks.fail_until_the_file_exists.enqueue(str(marker))
    run_tasks()
    marker.touch()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_tasks()

    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value) == ("SUCCESSFUL", "done")


def test_the_backoff_doubles_up_to_its_longest_and_covers_the_total():
    delays = backoff(first=30, longest=3600, total=25 * 3600)
    assert delays[:3] == tuple(datetime.timedelta(seconds=s) for s in (30, 60, 120))
    assert max(delays) == datetime.timedelta(hours=1)
    assert sum(delays, datetime.timedelta()) >= datetime.timedelta(hours=25)


def test_a_failed_task_is_kept_with_its_error_and_run_again_from_the_admin(
    admin_client, run_tasks
):
    result = tasks.always_fail.enqueue()
    run_tasks()
    changelist = reverse("admin:background_queuedtask_changelist")

    page = admin_client.get(changelist, {"status": "FAILED"})
    assertContains(page, "ValueError: This task cannot work.")

    response = admin_client.post(
        changelist,
        {"action": "run_again", "_selected_action": [str(result.id)]},
        follow=True,
    )

    assertContains(response, "1 failed task is queued again.")
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"


def test_a_task_whose_worker_stopped_reporting_goes_back_to_the_queue(
    settings, run_tasks, tmp_path
):
    settings.CLUSTER_WORKER_LOST_AFTER = 60
    path = tmp_path / "effect.txt"
    result = tasks.append_line.enqueue(str(path), "once")
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    WorkerReport.objects.create(
        worker_id="killed",
        hostname="app1",
        pid=1,
        started_at=long_ago,
        last_seen_at=long_ago,
    )
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["killed"]
    )

    run_tasks()  # a worker starting up looks for lost tasks first

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["killed", "test-worker"]
    assert path.read_text().count("once") == 1


def test_a_task_of_a_worker_that_still_reports_is_left_alone(settings):
    settings.CLUSTER_WORKER_LOST_AFTER = 60
    result = tasks.always_fail.enqueue()
    now = timezone.now()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=now, worker_ids=["busy"]
    )
    WorkerReport.objects.create(
        worker_id="busy",
        hostname="app1",
        pid=1,
        started_at=now,
        last_seen_at=now + datetime.timedelta(minutes=30),
        task_id=result.id,
    )

    assert requeue_lost_tasks() == 0
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING"


def test_a_task_its_live_worker_no_longer_runs_is_handed_back_within_the_lost_time(
    settings, run_tasks, tmp_path
):
    """As when the database went away while the worker was finishing the task:
    the worker lives on and reports, running something else or nothing."""
    settings.CLUSTER_WORKER_LOST_AFTER = 60
    path = tmp_path / "effect.txt"
    result = tasks.append_line.enqueue(str(path), "once")
    started = timezone.now()
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING", started_at=started, worker_ids=["alive"]
    )
    report = WorkerReport.objects.create(
        worker_id="alive",
        hostname="app1",
        pid=1,
        started_at=started,
        last_seen_at=started,
        task_id=None,
    )

    # Reported in the instant after its claim: it may be about to run it.
    assert requeue_lost_tasks() == 0
    report.last_seen_at = started + datetime.timedelta(seconds=20)
    report.save()
    with time_machine.travel(report.last_seen_at):
        run_tasks()

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL"
    assert row.worker_ids == ["alive", "test-worker"]
    assert path.read_text().count("once") == 1


def test_superusers_see_the_queue_and_the_last_worker_report_on_the_admin_index(
    admin_client, run_tasks, tmp_path
):
    tasks.always_fail.enqueue()
    tasks.fail_until_the_file_exists.enqueue(str(tmp_path / "absent"))
    run_tasks()
    tasks.always_fail.enqueue()

    page = admin_client.get(reverse("admin:index"))

    tasks_list = reverse("admin:background_queuedtask_changelist")
    assertContains(
        page,
        f'<a href="{tasks_list}?status=READY">2 tasks waiting</a>'
        " (1 of them to be retried after an error)",
        html=True,
    )
    assertContains(
        page, f'<a href="{tasks_list}?status=RUNNING">0 tasks running</a>', html=True
    )
    assertContains(
        page, f'<a href="{tasks_list}?status=FAILED">1 task failed</a>', html=True
    )
    assertContains(page, "A worker last reported")


def test_without_a_worker_the_admin_index_says_so(admin_client):
    page = admin_client.get(reverse("admin:index"))
    assertContains(page, "No worker has ever reported")


def test_staff_who_are_not_superusers_do_not_see_the_queue(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", password="pw-editor-1234", is_staff=True
    )
    client.force_login(editor)

    page = client.get(reverse("admin:index"))

    assert page.status_code == 200
    assertNotContains(page, "Background work")


def test_the_daily_command_queues_the_daily_tasks_which_prune_old_ones(
    run_tasks, settings
):
    settings.CLUSTER_DAILY_TASKS = ["background.tasks.prune_finished_tasks"]
    old = tasks.always_fail.enqueue()
    DBTaskResult.objects.filter(pk=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=30)
    )
    failed = tasks.always_fail.enqueue()
    run_tasks()

    call_command("enqueue_daily_tasks")
    run_tasks()

    assert not DBTaskResult.objects.filter(pk=old.id).exists()
    assert DBTaskResult.objects.get(pk=failed.id).status == "FAILED"


def test_a_database_error_that_is_no_outage_stops_the_worker_instead_of_waiting(
    monkeypatch,
):
    from django.db import ProgrammingError

    worker = tasks.worker_running_due_tasks()

    def broken():
        raise ProgrammingError("a bug, not an outage")

    monkeypatch.setattr(worker, "report_and_recover", broken)
    monkeypatch.setattr(worker, "outage_pause", 0)
    with pytest.raises(ProgrammingError):
        worker.work()


def test_the_chinese_admin_shows_the_queue_in_chinese(admin_client, run_tasks):
    result = tasks.always_fail.enqueue()
    run_tasks()
    admin_client.cookies["django_language"] = "zh-hans"  # a superuser in Chinese

    page = admin_client.get(reverse("admin:background_queuedtask_changelist"))

    headers = re.findall(
        r'<th scope="col"[^>]*>.*?<div class="text">(?:<a [^>]*>|<span>)([^<]+)<',
        page.content.decode(),
        re.S,
    )
    assert headers == [
        "任务",
        "状态",
        "尝试次数",
        "入队时间",
        "最早运行时间",
        "完成时间",
        "最近一次错误",
    ]
    assertContains(page, 'data-filter-title="状态"')  # the filter
    assertContains(page, "已失败")  # the status, in its column and the filter
    assertContains(page, "重新运行所选的失败任务")
    for english in ("Task Result", "enqueued at", "Failed", "Successful"):
        assertNotContains(page, english)

    detail = admin_client.get(
        reverse("admin:background_queuedtask_change", args=[result.id])
    )
    for label in ("入队时间", "参数", "错误类型", "错误追踪"):
        assertContains(detail, f"<label>{label}：</label>", html=True)
    for english in ("args kwargs", "exception class path", "traceback:"):
        assertNotContains(detail, english)
