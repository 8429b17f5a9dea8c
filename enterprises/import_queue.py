"""What an editor's request does with a directory import: store the upload and
queue its check, or queue the import of a checked file. The work itself is the
task workers' (`imports`, through `tasks`)."""

from django.db import IntegrityError, transaction

from . import tasks
from .models import DirectoryImport


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
        ).update(status=DirectoryImport.Status.DISCARDED, data=b"")
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
