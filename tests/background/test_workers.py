"""Several workers, as separate processes on one PostgreSQL database, as deployed."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from tests.support import processes, tasks

pytestmark = [
    processes.needs_postgresql,
    # The workers read what the test commits, and the test reads what they commit.
    pytest.mark.django_db(transaction=True),
]


def start_worker(log_path, **env):
    """`manage.py run_worker` as systemd starts it, writing to a log file."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=settings.BASE_DIR,
            env={
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
                "DEBUG": "true",
                "DATABASE_URL": processes.database_url(),
                "EMAIL_URL": "dummymail://",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, seconds, what, logs=()):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(path.read_text(errors="replace") for path in logs)
            pytest.fail(f"{what} did not happen within {seconds} s:\n{output}")
        time.sleep(0.1)


def test_two_workers_share_the_queue_and_run_every_task_once(tmp_path):
    effects = tmp_path / "effects.txt"
    count = 300
    for number in range(count):
        tasks.append_line.enqueue(str(effects), f"task-{number}", 0.01)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [start_worker(log) for log in logs]
    try:
        wait_for(
            lambda: DBTaskResult.objects.successful().count() == count,
            seconds=120,
            what="all tasks",
            logs=logs,
        )
    finally:
        for worker in workers:
            processes.stop(worker)

    lines = effects.read_text().splitlines()
    tags = [line.split()[0] for line in lines]
    assert sorted(tags) == sorted(f"task-{number}" for number in range(count))
    # Both took part, and every task was claimed by exactly one of them.
    assert {line.split()[1] for line in lines} == {str(w.pid) for w in workers}
    assert all(len(r.worker_ids) == 1 for r in DBTaskResult.objects.all())


def test_a_worker_killed_mid_import_loses_nothing_and_another_imports_once(
    tmp_path, django_user_model, town_factory
):
    from enterprises import import_queue, imports
    from enterprises.models import DirectoryImport, Enterprise

    town = town_factory()
    rows = "\r\n".join(f"Lamp maker {n},{town.name}" for n in range(300))
    editor = django_user_model.objects.create_superuser("editor", password="x-pw-12345")
    job = import_queue.directory_import_start(
        editor=editor,
        file_name="big.csv",
        file_format="csv",
        data=f"name,town\r\n{rows}".encode(),
        language="en",
    )
    env = {
        "CLUSTER_WORKER_LOST_AFTER": "5",
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
    }
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    first = start_worker(logs[0], **env)
    try:
        wait_for(
            lambda: DirectoryImport.objects.get(pk=job.pk).status == "checked",
            seconds=180,
            what="the check",
            logs=logs,
        )
        assert import_queue.directory_import_confirm(job)
        importing = DBTaskResult.objects.get(task_path__endswith="run_directory_import")
        wait_for(
            lambda: DBTaskResult.objects.get(pk=importing.pk).status == "RUNNING",
            seconds=60,
            what="the start of the import",
            logs=logs,
        )
        time.sleep(1)  # into the rows
        first.kill()
        first.wait(timeout=10)
        # Only whole batches of the half-done import were committed.
        assert Enterprise.objects.count() % imports.BATCH_ROWS == 0
        assert DirectoryImport.objects.get(pk=job.pk).status == "importing"

        second = start_worker(logs[1], **env)
        try:
            wait_for(
                lambda: (
                    DBTaskResult.objects.get(pk=importing.pk).status == "SUCCESSFUL"
                ),
                seconds=240,
                what="the import by the second worker",
                logs=logs,
            )
        finally:
            processes.stop(second)
    finally:
        processes.stop(first)

    assert Enterprise.objects.count() == 300
    assert DirectoryImport.objects.get(pk=job.pk).status == "done"
    importing.refresh_from_db()
    assert len(importing.worker_ids) == 2  # the killed attempt and the one that did it


def test_a_task_running_longer_than_the_lost_time_is_left_to_its_live_worker(tmp_path):
    effects = tmp_path / "effects.txt"
    result = tasks.append_line.enqueue(str(effects), "slow", 4)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [start_worker(log, CLUSTER_WORKER_LOST_AFTER="2") for log in logs]
    try:
        wait_for(
            lambda: DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL",
            seconds=60,
            what="the slow task",
            logs=logs,
        )
    finally:
        for worker in workers:
            processes.stop(worker)

    assert effects.read_text().count("slow") == 1
    assert len(DBTaskResult.objects.get(pk=result.id).worker_ids) == 1
