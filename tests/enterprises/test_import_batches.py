"""A directory import holds the database a batch at a time, and keeps no file."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from import_export.resources import Resource
from pytest_django.asserts import assertContains

from enterprises import import_queue, imports
from enterprises.models import DirectoryImport, Enterprise
from enterprises.resources import EnterpriseResource
from enterprises.tasks import purge_import_files
from tests.enterprises.test_import import csv_bytes

pytestmark = pytest.mark.django_db

ROWS = [f"Batch Lamp Works {n},,,,guzhen,LED lighting,CE,DE,no,yes" for n in range(8)]


@pytest.fixture
def batches_of_three(monkeypatch):
    monkeypatch.setattr(imports, "BATCH_ROWS", 3)
    monkeypatch.setattr(imports, "PAUSE_BETWEEN_BATCHES", 0)


@pytest.fixture
def transactions(monkeypatch):
    """The rows read in each transaction (the outermost one the test did not
    open itself), in order."""
    outside = len(connection.atomic_blocks)
    seen: list[tuple[object, list[str]]] = []
    original = Resource.import_row

    def import_row(self, row, instance_loader, **kwargs):
        current = connection.atomic_blocks[outside]
        if not seen or seen[-1][0] is not current:
            seen.append((current, []))
        seen[-1][1].append(row["name"])
        return original(self, row, instance_loader, **kwargs)

    monkeypatch.setattr(Resource, "import_row", import_row)
    return lambda: [len(names) for _atomic, names in seen]


def test_the_check_holds_the_database_a_batch_at_a_time(
    check, batches_of_three, transactions
):
    preview = check(csv_bytes(ROWS))

    assert preview.context["job"].status == "checked"
    assert transactions() == [3, 3, 2]
    assert [row["number"] for row in preview.context["job"].report["rows"]] == [
        *range(2, 10)
    ]
    assert not Enterprise.objects.exists()


def test_the_import_holds_the_database_a_batch_at_a_time(
    check, confirm, batches_of_three, transactions
):
    preview = check(csv_bytes(ROWS))
    checked = transactions()

    page = confirm(preview)

    assertContains(page, "imported")
    assert transactions()[len(checked) :] == [3, 3, 2]
    assert Enterprise.objects.count() == 8


def test_an_import_cut_off_half_way_goes_on_after_its_last_batch(
    check, admin_client, run_tasks, batches_of_three, monkeypatch
):
    job = check(csv_bytes(ROWS)).context["job"]
    assert import_queue.directory_import_confirm(job)
    original = EnterpriseResource.save_m2m

    def killed_at_the_seventh(self, instance, row, **kwargs):
        if instance.name == "Batch Lamp Works 6":
            raise SystemExit("the worker was killed")
        return original(self, instance, row, **kwargs)

    monkeypatch.setattr(EnterpriseResource, "save_m2m", killed_at_the_seventh)
    with pytest.raises(SystemExit):
        imports.directory_import_run(job.pk)
    assert Enterprise.objects.count() == 6
    monkeypatch.setattr(EnterpriseResource, "save_m2m", original)

    imports.directory_import_run(job.pk)

    job.refresh_from_db()
    assert job.status == DirectoryImport.Status.DONE
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(
        f"Batch Lamp Works {n}" for n in range(8)
    )
    assert job.report["totals"] == {"new": 8}


def test_an_import_failing_half_way_says_which_rows_went_in(
    check, confirm, batches_of_three, monkeypatch
):
    preview = check(csv_bytes(ROWS))
    original = EnterpriseResource.save_m2m

    def fail_at_the_seventh(self, instance, row, **kwargs):
        if instance.name == "Batch Lamp Works 6":
            raise RuntimeError("disk full")
        return original(self, instance, row, **kwargs)

    monkeypatch.setattr(EnterpriseResource, "save_m2m", fail_at_the_seventh)

    page = confirm(preview)

    assert Enterprise.objects.count() == 6
    assertContains(
        page,
        "The rows up to row 7 were imported, the rest not: the file failed at "
        "row(s) 8, numbered as in Excel.",
    )


# The file's data


def test_a_finished_import_keeps_no_file(import_file):
    page = import_file(csv_bytes())

    assert bytes(page.context["job"].data) == b""


def test_a_refused_file_is_not_kept(check):
    preview = check(csv_bytes(["Jade Lighting,,,,nowhere,,,,,"]))

    assert preview.context["job"].status == "refused"
    assert bytes(preview.context["job"].data) == b""


def test_a_replaced_import_keeps_no_file(check):
    first = check(csv_bytes()).context["job"]

    check(csv_bytes())

    first.refresh_from_db()
    assert first.status == DirectoryImport.Status.DISCARDED
    assert bytes(first.data) == b""


def test_the_daily_purge_discards_imports_never_confirmed(check):
    old = check(csv_bytes()).context["job"]
    DirectoryImport.objects.filter(pk=old.pk).update(
        updated_at=old.updated_at - datetime.timedelta(days=2)
    )
    # An import over before files were dropped on finishing.
    DirectoryImport.objects.create(
        editor=old.editor,
        file_name="done.csv",
        file_format="csv",
        data=csv_bytes(),
        language="en",
        status=DirectoryImport.Status.DONE,
    )

    assert "enterprises.tasks.purge_import_files" in settings.CLUSTER_DAILY_TASKS
    purge_import_files.call()

    old.refresh_from_db()
    assert old.status == DirectoryImport.Status.DISCARDED
    assert not DirectoryImport.objects.exclude(data=b"").exists()


def test_the_daily_purge_keeps_an_import_waiting_for_confirmation(check):
    waiting = check(csv_bytes()).context["job"]

    purge_import_files.call()

    waiting.refresh_from_db()
    assert waiting.status == DirectoryImport.Status.CHECKED
    assert bytes(waiting.data).startswith(b"name,name_zh")


def test_a_second_worker_on_the_same_import_leaves_it_to_the_first(
    check, batches_of_three, monkeypatch
):
    """A worker thought lost goes on while another runs the task again: the one
    behind finds the import moved on and stops, writing nothing."""
    job = check(csv_bytes(ROWS)).context["job"]
    assert import_queue.directory_import_confirm(job)
    original = EnterpriseResource.before_import

    def first_worker_commits_a_batch_meanwhile(self, dataset, **kwargs):
        DirectoryImport.objects.filter(pk=job.pk).update(
            report={"rows_imported": 3, "rows": [], "totals": {"new": 3}}
        )
        monkeypatch.setattr(EnterpriseResource, "before_import", original)
        return original(self, dataset, **kwargs)

    monkeypatch.setattr(
        EnterpriseResource, "before_import", first_worker_commits_a_batch_meanwhile
    )

    imports.directory_import_run(job.pk)

    job.refresh_from_db()
    assert job.status == DirectoryImport.Status.IMPORTING
    assert job.report["rows_imported"] == 3
    assert not Enterprise.objects.exists()


def test_on_sqlite_each_batch_waits_for_writers_polling_the_lock(
    check, batches_of_three, monkeypatch
):
    """SQLite queues no one for its lock: a writer waiting for it polls at most
    100 ms apart, so the next batch leaves it free for longer than that."""
    monkeypatch.setattr(imports, "PAUSE_BETWEEN_BATCHES", 0.15)
    pauses = []
    monkeypatch.setattr(imports.time, "sleep", pauses.append)

    check(csv_bytes(ROWS))

    expected = [0.15, 0.15] if connection.vendor == "sqlite" else []
    assert pauses == expected
