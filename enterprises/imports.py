"""Directory imports as background work: upload, check (dry run), confirm, import.

The request only stores the file and queues a task; a worker reads it, reports
its progress (rows done, in the cache) and keeps a report the editor reads. The
import itself runs in one transaction with the change of status, so a worker
killed half-way leaves nothing, and the task, run again, imports once. Both
the check and the import change the page-cache version once, not once per row
(caching.page_cache.one_invalidation): visitors' pages and the directory's
index are not rebuilt row after row while a worker imports. Likewise the import
indexes each enterprise for the search once, after its lists are saved, and the
check not at all (resources.EnterpriseResource.import_data).
"""

import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext
from import_export.formats.base_formats import CSV, XLSX
from import_export.results import Result

from caching import page_cache

from . import tasks
from .models import DirectoryImport
from .resources import EnterpriseResource

FORMATS = {"csv": CSV, "xlsx": XLSX}
# The report lists this many rows at most (every row with an error among them).
REPORT_ROWS = 500


class ImportRunning(Exception):
    """The editor already has an import being checked or imported."""

    def __init__(self, running: DirectoryImport):
        super().__init__(running.pk)
        self.running = running


def directory_import_start(
    *, editor, file_name: str, file_format: str, data: bytes, language: str
) -> DirectoryImport:
    """Store an uploaded file and queue its check; an unconfirmed one is replaced."""
    with transaction.atomic():
        running = DirectoryImport.objects.filter(
            editor=editor, status__in=DirectoryImport.RUNNING
        ).first()
        if running is not None:
            raise ImportRunning(running)
        DirectoryImport.objects.filter(
            editor=editor, status=DirectoryImport.Status.CHECKED
        ).update(status=DirectoryImport.Status.DISCARDED)
        try:
            with transaction.atomic():
                job = DirectoryImport.objects.create(
                    editor=editor,
                    file_name=file_name[:255],
                    file_format=file_format,
                    data=data,
                    language=language,
                )
        except IntegrityError:  # another upload of theirs won the race
            raise ImportRunning(
                DirectoryImport.objects.filter(
                    editor=editor, status__in=DirectoryImport.RUNNING
                ).first()
            ) from None
        tasks.check_directory_import.enqueue(import_id=job.pk)
    return job


def directory_import_confirm(job: DirectoryImport) -> bool:
    """Queue the import of a checked file; False if it is not waiting any more."""
    with transaction.atomic():
        confirmed = DirectoryImport.objects.filter(
            pk=job.pk, status=DirectoryImport.Status.CHECKED
        ).update(status=DirectoryImport.Status.IMPORTING)
        if confirmed:
            tasks.run_directory_import.enqueue(import_id=job.pk)
    return bool(confirmed)


def rows_done(job: DirectoryImport) -> int:
    """How many rows the worker has gone through (0 when unknown)."""
    return cache.get(_progress_key(job.pk)) or 0


def directory_import_check(import_id: int) -> None:
    """The dry run: read every row, write nothing, keep a report for the editor."""
    job = DirectoryImport.objects.filter(
        pk=import_id, status=DirectoryImport.Status.CHECKING
    ).first()
    if job is None:
        return  # checked already, or discarded
    # The dry run saves each row and rolls it back: still one invalidation.
    with page_cache.one_invalidation():
        with translation.override(job.language):
            result, report = _import(job, dry_run=True)
        if result is not None and not _has_errors(result):
            job.status = DirectoryImport.Status.CHECKED
        else:
            job.status = DirectoryImport.Status.REFUSED
        job.report = report
        job.save(update_fields=["status", "report", "rows_total", "updated_at"])


def directory_import_run(import_id: int) -> None:
    """The import, all rows or none, in one transaction with its change of status."""
    with transaction.atomic(), page_cache.one_invalidation():
        job = (
            DirectoryImport.objects.select_for_update()
            .filter(pk=import_id, status=DirectoryImport.Status.IMPORTING)
            .first()
        )
        if job is None:
            return  # imported already
        with translation.override(job.language):
            result, report = _import(job, dry_run=False)
        failed = result is None or _has_errors(result)
        if failed:
            # import-export rolled its own savepoint back: nothing was written.
            job.status = DirectoryImport.Status.FAILED
        else:
            job.status = DirectoryImport.Status.DONE
        job.report = report
        job.save(update_fields=["status", "report", "rows_total", "updated_at"])


def _progress_key(import_id: int) -> str:
    return f"enterprises:import-progress:{import_id}"


def _has_errors(result: Result) -> bool:
    return result.has_errors() or result.has_validation_errors()


def _import(job: DirectoryImport, *, dry_run: bool) -> tuple[Result | None, dict]:
    """Run the resource over the stored file; the result and the editor's report."""
    file_format = FORMATS[job.file_format]()
    try:
        data = bytes(job.data)
        dataset = file_format.create_dataset(
            data if file_format.is_binary() else data.decode("utf-8")
        )
    except Exception:
        message = gettext(
            "This file could not be read as %(format)s. Ensure you have chosen "
            "the correct format for the file."
        ) % {"format": job.file_format.upper()}
        return None, {"errors": [message], "rows": [], "totals": {}}
    job.rows_total = len(dataset)
    DirectoryImport.objects.filter(pk=job.pk).update(rows_total=job.rows_total)
    resource = EnterpriseResource()
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        progress=_Progress(job.pk),
    )
    # before_import() dropped the blank rows: what is left lines up with the result.
    cells = dataset.dict if dataset.headers and len(dataset) else []
    report = _report(result, cells, getattr(resource, "sheet_rows", []))
    report["columns"] = list(dataset.headers or []) if cells else []
    return result, report


class _Progress:
    """Counts rows into the cache, where any app server reads it, now and then."""

    def __init__(self, import_id: int):
        self.key = _progress_key(import_id)
        self.written_at = 0.0
        cache.set(self.key, 0, 3600)

    def __call__(self, row_number: int) -> None:
        if time.monotonic() - self.written_at >= 0.5:
            cache.set(self.key, row_number, 3600)
            self.written_at = time.monotonic()


def _report(result: Result, cells: list, sheet_rows: list[int]) -> dict:
    """What the editor reads; every row is numbered as Excel numbers it (the
    header is row 1), blank rows counted, so "row 4" is row 4 on their screen."""

    def sheet_row(number: int) -> int:
        return sheet_rows[number - 1] if number <= len(sheet_rows) else number + 1

    errors = [_message(error.error) for error in result.base_errors]
    by_row: dict[int, list[str]] = {}
    for number, row_errors in result.row_errors():
        by_row.setdefault(number, []).extend(_message(e.error) for e in row_errors)
    for invalid in result.invalid_rows:
        by_row.setdefault(invalid.number, []).extend(
            f"{EnterpriseResource.column_label(field)}: {' '.join(messages)}"
            for field, messages in invalid.error_dict.items()
        )
    rows = []
    for number, row in enumerate(result.rows, 1):
        if len(rows) >= REPORT_ROWS and number not in by_row:
            continue
        row_cells = cells[number - 1] if number <= len(cells) else {}
        rows.append(
            {
                "number": sheet_row(number),
                "type": row.import_type,
                "name": _storable(row_cells.get("name")),
                "cells": [_storable(value) for value in row_cells.values()],
                "errors": by_row.get(number, []),
            }
        )
    return {
        "errors": errors,
        "rows": rows,
        "totals": {kind: count for kind, count in result.totals.items() if count},
        "error_rows": sorted(sheet_row(number) for number in by_row),
    }


def _message(error: BaseException) -> str:
    messages = getattr(error, "messages", None)
    return _storable(" ".join(messages) if messages else str(error))


def _storable(value) -> str:
    """`value` as the report may store it: PostgreSQL refuses NUL in JSON, so a
    NUL from the file is shown as the symbol for it (the row's error names it)."""
    return "" if value is None else str(value).replace("\x00", "\N{SYMBOL FOR NULL}")
