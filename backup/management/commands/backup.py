from pathlib import Path

from django.core.management.base import BaseCommand

from backup.archive import create_backup, default_archive_name


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database (SQLite online backup or "
        "pg_dump) and every uploaded file into one .tar.gz archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            type=Path,
            help="where to write it (default: cluster-backup-<date>.tar.gz here)",
        )

    def handle(self, *args, archive, **options):
        archive = archive or Path(default_archive_name())
        manifest = create_backup(archive)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {archive}: the {manifest['database']} database and "
                f"{manifest['media_files']} media files."
            )
        )
