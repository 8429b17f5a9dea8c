from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backup.archive import restore_backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of an archive "
        "written by `manage.py backup`. Everything since that backup is lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive, interactive, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        if interactive:
            try:
                answer = input(
                    "This replaces the whole database and all uploaded files with "
                    f"the contents of {archive}.\nType 'yes' to continue: "
                )
            except EOFError:  # No terminal to answer from (cron, CI).
                answer = ""
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        manifest = restore_backup(archive)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: the database and "
                f"{manifest['media_files']} media files."
            )
        )
