"""Directory imports as background work: the check (dry run) and the import.

The request only stores the file and queues a task (`import_queue`); a worker
runs what is here: it reads the file, reports
its progress (rows done, in the cache) and keeps a report the editor reads.
Both read the file BATCH_ROWS rows at a time, each batch in a transaction of
its own (rolled back by the check), so that no transaction holds SQLite's write
lock for longer than a moment. The import commits each batch with the count of
rows imported so far: a worker killed half-way leaves whole batches, and the
task, run again, goes on after the last one. Once an import is over (refused,
failed, done or discarded) its file is dropped. Both
the check and the import change the page-cache version once, not once per row
(caching.page_cache.one_invalidation): visitors' pages and the directory's
index are not rebuilt row after row while a worker imports. Likewise the import
indexes each enterprise for the search once, after its lists are saved, and the
check not at all (resources.EnterpriseResource.import_data).
"""

import datetime
import time

import tablib
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result

from caching import page_cache

from .models import DirectoryImport
from .resources import EnterpriseResource

FORMATS = {"csv": CSV, "xlsx": XLSX}
# The report lists this many rows at most (every row with an error among them).
REPORT_ROWS = 500
# Rows read in one transaction. On SQLite a transaction holds the one write
# lock, which the identifying code, message posts and the workers' reports all
# need: a batch takes about a second (docs/performance.md).
BATCH_ROWS = 50
# SQLite queues no one for its lock: a writer waiting for it polls, at most
# 100 ms apart (its busy handler), and would never find the lock free if the
# next batch took it at once. On SQLite each batch so waits this long (seconds)
# after the last, for every waiting writer to poll in between.
PAUSE_BETWEEN_BATCHES = 0.15
# A checked import not confirmed within this time is discarded with its file.
UNCONFIRMED_KEPT_FOR = datetime.timedelta(days=1)


def rows_done(job: DirectoryImport) -> int:
    """How many rows the worker has gone through (0 when unknown)."""
    return cache.get(_progress_key(job.pk)) or 0


def directory_import_check(import_id: int) -> None:
    """The dry run: read every row, write nothing, keep a report for the editor.

    Each batch of rows is saved and rolled back in a transaction of its own, so
    the database is never held for longer than a batch takes.
    """
    job = DirectoryImport.objects.filter(
        pk=import_id, status=DirectoryImport.Status.CHECKING
    ).first()
    if job is None:
        return  # checked already, or discarded
    with page_cache.one_invalidation():
        with translation.override(job.language):
            succeeded, report = _import(job, dry_run=True)
    done = DirectoryImport.objects.filter(
        pk=job.pk, status=DirectoryImport.Status.CHECKING
    )
    if succeeded:
        done.update(
            status=DirectoryImport.Status.CHECKED,
            report=report,
            updated_at=timezone.now(),
        )
    else:
        # A refused file is of no more use: the editor uploads a corrected one.
        done.update(
            status=DirectoryImport.Status.REFUSED,
            report=report,
            data=b"",
            updated_at=timezone.now(),
        )


def directory_import_run(import_id: int) -> None:
    """The import, batch after batch, each in a transaction with the job's
    progress: a worker killed half-way leaves whole batches, and the task, run
    again, goes on after the last one. The file's data goes once it is done."""
    job = DirectoryImport.objects.filter(
        pk=import_id, status=DirectoryImport.Status.IMPORTING
    ).first()
    if job is None:
        return  # imported already
    # Pages show the imported rows once the import is over, not batch by batch.
    with page_cache.one_invalidation():
        with translation.override(job.language):
            outcome = _import(job, dry_run=False)
    if outcome is None:
        return  # another worker, given the same task, has taken it on
    succeeded, report = outcome
    DirectoryImport.objects.filter(
        pk=job.pk, status=DirectoryImport.Status.IMPORTING
    ).update(
        status=(
            DirectoryImport.Status.DONE if succeeded else DirectoryImport.Status.FAILED
        ),
        report=report,
        data=b"",
        updated_at=timezone.now(),
    )


def purge_import_files(now: datetime.datetime | None = None) -> int:
    """Discard imports checked more than a day ago and never confirmed, and drop
    the file of every import that is over; how many files were dropped."""
    now = now or timezone.now()
    DirectoryImport.objects.filter(
        status=DirectoryImport.Status.CHECKED,
        updated_at__lt=now - UNCONFIRMED_KEPT_FOR,
    ).update(status=DirectoryImport.Status.DISCARDED, updated_at=now)
    return (
        DirectoryImport.objects.exclude(
            status__in=[*DirectoryImport.RUNNING, DirectoryImport.Status.CHECKED]
        )
        .exclude(data=b"")
        .update(data=b"")
    )


def _progress_key(import_id: int) -> str:
    return f"enterprises:import-progress:{import_id}"


def _has_errors(result: Result) -> bool:
    return result.has_errors() or result.has_validation_errors()


def _unreadable(job: DirectoryImport) -> dict:
    message = gettext(
        "This file could not be read as %(format)s. Ensure you have chosen "
        "the correct format for the file."
    ) % {"format": job.file_format.upper()}
    return {"errors": [message], "rows": [], "totals": {}}


def _import(job: DirectoryImport, *, dry_run: bool) -> tuple[bool, dict] | None:
    """Run the resource over the stored file, BATCH_ROWS rows at a time: whether
    every row went through, and the editor's report; None when another worker
    has moved the same import on meanwhile.

    A dry run rolls each batch back. An import commits each batch with the
    report so far (its `rows_imported` rows of the file); a run taken up again
    starts after them, and stops at a batch whose rows fail (rolled back).
    """
    file_format = FORMATS[job.file_format]()
    try:
        data = bytes(job.data)
        dataset = file_format.create_dataset(
            data if file_format.is_binary() else data.decode("utf-8")
        )
    except Exception:
        return False, _unreadable(job)
    resource = EnterpriseResource()
    try:
        # Columns checked and blank rows dropped once, for the whole file.
        resource.before_import(dataset)
    except ValidationError as error:
        return False, {
            "errors": [_message(error)],
            "rows": [],
            "totals": {},
            "error_rows": [],
            "columns": [],
        }
    sheet_rows = resource.sheet_rows
    job.rows_total = len(dataset)
    DirectoryImport.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
    # The report of a run taken up again goes on; a check's starts anew.
    saved = job.report if not dry_run and "rows_imported" in job.report else {}
    report = _Report(saved, dataset, sheet_rows, imports=not dry_run)
    progress = _Progress(job.pk, start=report.rows_done)
    first = report.rows_done
    for start in range(first, len(dataset), BATCH_ROWS):
        if start > first and connection.vendor == "sqlite":
            time.sleep(PAUSE_BETWEEN_BATCHES)
        batch = tablib.Dataset(
            *dataset[start : start + BATCH_ROWS], headers=dataset.headers
        )
        progress.offset = start
        with transaction.atomic():
            if not dry_run:
                # Another worker given the same task would have moved it on.
                held = (
                    DirectoryImport.objects.select_for_update()
                    .filter(pk=job.pk, status=DirectoryImport.Status.IMPORTING)
                    .values_list("report", flat=True)
                    .first()
                )
                if held is None or held.get("rows_imported", 0) != start:
                    return None
            result = resource.import_data(
                batch,
                dry_run=dry_run,
                raise_errors=False,
                use_transactions=True,
                rollback_on_validation_errors=True,
                progress=progress,
            )
            report.add(result, start)
            if _has_errors(result):
                if not dry_run:
                    return False, report.as_dict()
            elif not dry_run:
                report.rows_done = start + len(batch)
                DirectoryImport.objects.filter(pk=job.pk).update(
                    report=report.as_dict()
                )
    return not report.error_rows and not report.errors, report.as_dict()


class _Progress:
    """Counts rows into the cache, where any app server reads it, now and then."""

    def __init__(self, import_id: int, start: int = 0):
        self.key = _progress_key(import_id)
        self.written_at = 0.0
        # Rows of the file before the batch being read (numbered from 1).
        self.offset = start
        cache.set(self.key, start, 3600)

    def __call__(self, row_number: int) -> None:
        if time.monotonic() - self.written_at >= 0.5:
            cache.set(self.key, self.offset + row_number, 3600)
            self.written_at = time.monotonic()


class _Report:
    """What the editor reads, gathered batch by batch; every row is numbered as
    Excel numbers it (the header is row 1), blank rows counted, so "row 4" is
    row 4 on their screen."""

    def __init__(
        self,
        saved: dict,
        dataset: tablib.Dataset,
        sheet_rows: list[int],
        *,
        imports: bool,
    ):
        self.dataset, self.sheet_rows, self.imports = dataset, sheet_rows, imports
        self.errors: list[str] = list(saved.get("errors", []))
        self.rows: list[dict] = list(saved.get("rows", []))
        self.totals: dict[str, int] = dict(saved.get("totals", {}))
        self.error_rows: list[int] = list(saved.get("error_rows", []))
        # Rows of the file imported by the batches committed so far.
        self.rows_done: int = saved.get("rows_imported", 0)

    def sheet_row(self, index: int) -> int:
        """The row in Excel of the file's `index`th row (from 0)."""
        if index < len(self.sheet_rows):
            return self.sheet_rows[index]
        return index + 2

    def add(self, result: Result, start: int) -> None:
        """One batch's result; its rows are the file's from `start` (from 0)."""
        self.errors += [_message(error.error) for error in result.base_errors]
        by_row: dict[int, list[str]] = {}
        for number, row_errors in result.row_errors():
            by_row.setdefault(number, []).extend(_message(e.error) for e in row_errors)
        for invalid in result.invalid_rows:
            by_row.setdefault(invalid.number, []).extend(
                f"{EnterpriseResource.column_label(field)}: {' '.join(messages)}"
                for field, messages in invalid.error_dict.items()
            )
        headers = self.dataset.headers or []
        for number, row in enumerate(result.rows, 1):
            if len(self.rows) >= REPORT_ROWS and number not in by_row:
                continue
            index = start + number - 1
            cells = (
                dict(zip(headers, self.dataset[index], strict=False))
                if index < len(self.dataset)
                else {}
            )
            self.rows.append(
                {
                    "number": self.sheet_row(index),
                    "type": row.import_type,
                    "name": _storable(cells.get("name")),
                    "cells": [_storable(value) for value in cells.values()],
                    "errors": by_row.get(number, []),
                }
            )
        for kind, count in result.totals.items():
            if count:
                self.totals[kind] = self.totals.get(kind, 0) + count
        self.error_rows += sorted(self.sheet_row(start + n - 1) for n in by_row)

    def as_dict(self) -> dict:
        report = {
            "errors": self.errors,
            "rows": self.rows,
            "totals": self.totals,
            "error_rows": self.error_rows,
            "columns": list(self.dataset.headers or []) if len(self.dataset) else [],
        }
        if self.imports:
            report["rows_imported"] = self.rows_done
        if self.rows_done:
            # The last row in Excel that was imported, when a run stopped after it.
            report["imported_through"] = self.sheet_row(self.rows_done - 1)
        return report


def _message(error: BaseException) -> str:
    messages = getattr(error, "messages", None)
    return _storable(" ".join(messages) if messages else str(error))


def _storable(value) -> str:
    """`value` as the report may store it: PostgreSQL refuses NUL in JSON, so a
    NUL from the file is shown as the symbol for it (the row's error names it)."""
    return "" if value is None else str(value).replace("\x00", "\N{SYMBOL FOR NULL}")
