"""Directory work that task workers do (background/)."""

from django_tasks import task

from . import imports


@task()
def check_directory_import(*, import_id: int) -> None:
    """The dry run of an uploaded spreadsheet."""
    imports.directory_import_check(import_id)


@task()
def run_directory_import(*, import_id: int) -> None:
    """The confirmed import of a checked spreadsheet."""
    imports.directory_import_run(import_id)


@task()
def purge_import_files() -> int:
    """Daily: discard imports never confirmed and drop the files of those over."""
    return imports.purge_import_files()
