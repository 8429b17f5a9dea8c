from django.core.management.base import BaseCommand

from core.kept_uploads import MAX_AGE, delete_stale_kept_uploads


class Command(BaseCommand):
    help = (
        "Delete files put aside by forms whose save failed once their token has "
        "expired. Task workers do it daily (enqueue_daily_tasks)."
    )

    def handle(self, *args, **options):
        deleted = delete_stale_kept_uploads()
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted {deleted} kept uploads older than {MAX_AGE.days} day(s)."
            )
