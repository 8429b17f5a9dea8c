from django.core.management.base import BaseCommand

from contact.services import messages_purge


class Command(BaseCommand):
    help = (
        "Delete messages older than CLUSTER_MESSAGE_RETENTION_DAYS, spam older than "
        "CLUSTER_SPAM_RETENTION_DAYS, and expired identifying codes (a task worker "
        "does it daily: enqueue_daily_tasks). It asks nothing, and deleting twice "
        "deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        counts = messages_purge(dry_run=dry_run)
        self.stdout.write(
            f"{'Would delete' if dry_run else 'Deleted'} {counts['messages']} "
            f"messages past retention, {counts['spam']} spam messages "
            f"and {counts['codes']} expired codes."
        )
