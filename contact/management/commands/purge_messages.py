import datetime

from captcha.models import CaptchaStore
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from contact.models import Message


class Command(BaseCommand):
    help = (
        "Delete messages older than CLUSTER_MESSAGE_RETENTION_DAYS, spam older than "
        "CLUSTER_SPAM_RETENTION_DAYS, and expired identifying codes. Safe to run "
        "from cron: it asks nothing and deleting twice deletes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, delete nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        old = Message.objects.filter(
            created_at__lt=now
            - datetime.timedelta(days=settings.CLUSTER_MESSAGE_RETENTION_DAYS)
        )
        spam = Message.objects.filter(
            status=Message.Status.SPAM,
            created_at__lt=now
            - datetime.timedelta(days=settings.CLUSTER_SPAM_RETENTION_DAYS),
        )
        codes = CaptchaStore.objects.filter(expiration__lte=now)
        if dry_run:
            counts = (old.count(), spam.exclude(pk__in=old).count(), codes.count())
            verb = "Would delete"
        else:
            counts = (old.delete()[0], spam.delete()[0], codes.delete()[0])
            verb = "Deleted"
        self.stdout.write(
            f"{verb} {counts[0]} messages past retention, {counts[1]} spam messages "
            f"and {counts[2]} expired codes."
        )
