import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cluster_cms.demo import read_seed_release
from enterprises.demo import ensure_demo_directory
from news.models import Category, Release

DEMO_CATEGORIES = {
    "industry-news": _("Industry news"),
    "quality-and-standards": _("Quality and standards"),
    "trade-and-export": _("Trade and export"),
    "policy": _("Policy"),
}
SEED_RELEASE_SLUG = "zhongshan-largest-lighting-production-base-in-china"
SEED_RELEASE_CATEGORY = "industry-news"
SUMMARY_WORDS = 40
# The directory's towns and lists come from a migration; these few enterprises are
# synthetic, clearly marked, so that the directory is not empty in a demo.
DEMO_ENTERPRISES = 40


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it again duplicates nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        categories = {
            slug: Category.objects.update_or_create(
                slug=slug, defaults={"name": str(name)}
            )[0]
            for slug, name in DEMO_CATEGORIES.items()
        }
        seed = read_seed_release()
        release_time = timezone.make_aware(
            datetime.datetime.combine(seed.release_date, datetime.time(9, 0))
        )
        release, created = Release.objects.update_or_create(
            slug=SEED_RELEASE_SLUG,
            defaults={
                "title": seed.title,
                "summary": Truncator(seed.paragraphs[0]).words(SUMMARY_WORDS),
                "body": "".join(f"<p>{escape(text)}</p>" for text in seed.paragraphs),
                "release_time": release_time,
                "category": categories[SEED_RELEASE_CATEGORY],
                "status": Release.Status.PUBLISHED,
            },
        )
        if options["verbosity"]:
            verb = "Loaded" if created else "Updated"
            self.stdout.write(f"{verb} the seed release: {release.get_absolute_url()}")
            self.stdout.write(f"{len(categories)} news categories in place.")
        added = ensure_demo_directory(DEMO_ENTERPRISES)
        if options["verbosity"]:
            self.stdout.write(f"Added {added} synthetic enterprises (marked as such).")
