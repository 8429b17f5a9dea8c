import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from cluster_cms.demo import read_seed_release
from enterprises.demo import ensure_demo_directory
from news.models import Category, Release
from pages.demo import ensure_demo_pages

DEMO_CATEGORIES = {
    "industry-news": _("Industry news"),
    "quality-and-standards": _("Quality and standards"),
    "trade-and-export": _("Trade and export"),
    "policy": _("Policy"),
}
SEED_RELEASE_SLUG = "zhongshan-largest-lighting-production-base-in-china"
SEED_RELEASE_CATEGORY = "industry-news"
SUMMARY_WORDS = 40
# The seed release was published in English only. This Chinese title and summary
# are the site's own translation, and the summary says so.
SEED_RELEASE_TITLE_ZH = "中山已成为全国最大的灯饰专业生产基地"
SEED_RELEASE_SUMMARY_ZH = (
    "中山出口灯饰质量安全示范区于2013年开始建设，2015年12月通过省级验收，"
    "2017年1月申报国家级验收。目前示范区有出口灯饰企业51家，"
    "灯饰产业集聚分布在中山市10个镇区。（本站译文）"
)
# The directory's towns and lists come from a migration; these few enterprises are
# synthetic, clearly marked, so that the directory is not empty in a demo.
DEMO_ENTERPRISES = 40


class Command(BaseCommand):
    help = "Load the demo content (idempotent: running it again duplicates nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        categories = {
            slug: Category.objects.update_or_create(
                slug=slug,
                defaults={
                    "name_en": _in_language(name, "en"),
                    "name_zh_hans": _in_language(name, "zh-hans"),
                },
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
                "title_en": seed.title,
                "summary_en": Truncator(seed.paragraphs[0]).words(SUMMARY_WORDS),
                "body_en": "".join(
                    f"<p>{escape(text)}</p>" for text in seed.paragraphs
                ),
                "title_zh_hans": SEED_RELEASE_TITLE_ZH,
                "summary_zh_hans": SEED_RELEASE_SUMMARY_ZH,
                # No Chinese body: the Chinese page shows the English text, marked.
                "body_zh_hans": "",
                "release_time": release_time,
                "category": categories[SEED_RELEASE_CATEGORY],
                "status": Release.Status.PUBLISHED,
            },
        )
        if options["verbosity"]:
            verb = "Loaded" if created else "Updated"
            self.stdout.write(f"{verb} the seed release: {release.get_absolute_url()}")
            self.stdout.write(f"{len(categories)} news categories in place.")
        pages = ensure_demo_pages()
        if options["verbosity"]:
            self.stdout.write(f"{len(pages)} pages in place (About, Privacy notice).")
        added = ensure_demo_directory(DEMO_ENTERPRISES)
        if options["verbosity"]:
            self.stdout.write(f"Added {added} synthetic enterprises (marked as such).")


def _in_language(text, language: str) -> str:
    """The demo category names are interface strings, translated in locale/."""
    with override(language):
        return str(text)
