import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.versions import purge_deleted_versions


class Command(BaseCommand):
    help = (
        "Forget the versions of releases, pages and enterprises deleted more than "
        "CLUSTER_RECOVERY_DAYS ago: until then the admin's “Recover deleted” "
        "brings them back. Task workers do it daily (enqueue_daily_tasks)."
    )

    def handle(self, *args, **options):
        days = settings.CLUSTER_RECOVERY_DAYS
        purged = purge_deleted_versions(
            deleted_before=timezone.now() - datetime.timedelta(days=days)
        )
        self.stdout.write(f"Forgot {purged} row(s) deleted more than {days} days ago.")
