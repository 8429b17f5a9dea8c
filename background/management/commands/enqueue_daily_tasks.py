from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Queue the daily tasks (CLUSTER_DAILY_TASKS) for a worker to run: old "
        "messages and expired codes deleted, finished tasks pruned. Run once a "
        "day by a systemd timer (docs/deploy.md); running it twice is harmless."
    )

    def handle(self, *args, **options):
        for path in settings.CLUSTER_DAILY_TASKS:
            result = import_string(path).enqueue()
            self.stdout.write(f"Queued {path} ({result.id}).")
