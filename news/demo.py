"""News demo content: the seed release as published, its categories, and
synthetic releases for benchmarks, never passed off as real news."""

import datetime
import random
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from core.demo import SYNTHETIC_PREFIX

from .models import Category, Release

DEMO_DIR = Path(__file__).resolve().parent / "fixtures" / "demo"
SEED_RELEASE_FILE = DEMO_DIR / "release-2017-12-21-zhongshan-lighting.txt"
# The site's own Chinese translation of that release, paragraph for paragraph
# (the release was published in English only).
SEED_TRANSLATION_FILE = DEMO_DIR / "release-2017-12-21-zhongshan-lighting.zh-hans.txt"
DEMO_CATEGORIES = {
    "industry-news": _("Industry news"),
    "quality-and-standards": _("Quality and standards"),
    "trade-and-export": _("Trade and export"),
    "policy": _("Policy"),
}
SEED_RELEASE_SLUG = "zhongshan-largest-lighting-production-base-in-china"
SEED_RELEASE_CATEGORY = "industry-news"
SUMMARY_WORDS = 40
# The seed release was published in English only. Its Chinese title, summary and
# body are the site's own translation, and the summary and body say so.
SEED_TRANSLATION_NOTE = "（本文中文版由本站根据英文原稿翻译。）"
SEED_RELEASE_SUMMARY_ZH = (
    "中山出口灯饰质量安全示范区于2013年开始建设，2015年12月通过省级验收，"
    "2017年1月申报国家级验收。目前示范区有出口灯饰企业51家，"
    "灯饰产业集聚分布在中山市10个镇区。（本站译文）"
)
SYNTHETIC_SLUG_PREFIX = "synthetic-release-"
BATCH_SIZE = 500
WORDS = (
    "lighting LED export quality Zhongshan Guzhen enterprise chandelier outdoor "
    "commercial lamp certification market buyer factory design energy efficient "
    "demonstration inspection standard trade fair product"
).split()

# Lines after the article on the page it was copied from: the old site's footer,
# not part of the release.
_PAGE_CHROME = re.compile(r"^(Leave a message|Identifying code:|Copyright ©)")
_RELEASE_TIME = re.compile(r"^(?:Release Time:|发布时间：)\s*(\d{4}-\d{2}-\d{2})$")


@dataclass(frozen=True)
class SeedRelease:
    title: str
    release_date: datetime.date
    paragraphs: list[str]


def read_seed_release(path: Path = SEED_RELEASE_FILE) -> SeedRelease:
    """Split the seed text into its title, Release Time and paragraphs, as written."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, release_line, *rest = lines
    match = _RELEASE_TIME.match(release_line)
    if not match:
        raise ValueError(f"{path.name}: expected 'Release Time:' on its second line")
    paragraphs = []
    for line in rest:
        if _PAGE_CHROME.match(line):
            break
        paragraphs.append(line)
    return SeedRelease(
        title=title,
        release_date=datetime.date.fromisoformat(match.group(1)),
        paragraphs=paragraphs,
    )


@transaction.atomic
def load_demo_news() -> tuple[Release, bool]:
    """Put the demo categories and the seed release in place; (release, created).

    Idempotent: rows are matched on their slugs and only missing ones are made;
    `make run` loads the demo on every start, and must never write over what an
    editor changed.
    """
    categories = {
        slug: Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": _in_language(name, "en"),
                "name_zh_hans": _in_language(name, "zh-hans"),
            },
        )[0]
        for slug, name in DEMO_CATEGORIES.items()
    }
    seed = read_seed_release()
    translation = read_seed_release(SEED_TRANSLATION_FILE)
    release_time = timezone.make_aware(
        datetime.datetime.combine(seed.release_date, datetime.time(9, 0))
    )
    return Release.objects.get_or_create(
        slug=SEED_RELEASE_SLUG,
        defaults={
            "title_en": seed.title,
            "summary_en": Truncator(seed.paragraphs[0]).words(SUMMARY_WORDS),
            "body_en": _paragraphs(seed.paragraphs),
            "title_zh_hans": translation.title,
            "summary_zh_hans": SEED_RELEASE_SUMMARY_ZH,
            "body_zh_hans": _paragraphs(
                [*translation.paragraphs, SEED_TRANSLATION_NOTE]
            ),
            "release_time": release_time,
            "category": categories[SEED_RELEASE_CATEGORY],
            "status": Release.Status.PUBLISHED,
        },
    )


def _paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _in_language(text, language: str) -> str:
    """The demo category names are interface strings, translated in locale/."""
    with override(language):
        return str(text)


@transaction.atomic
def create_synthetic_releases(count: int, *, seed: int) -> int:
    """Add `count` published releases, each titled with the synthetic prefix."""
    rng = random.Random(seed)
    categories = list(Category.objects.all()) or [
        Category.objects.create(name="Synthetic", slug="synthetic")
    ]
    start = Release.objects.filter(slug__startswith=SYNTHETIC_SLUG_PREFIX).count()
    now = timezone.now()
    releases = []
    for number in range(start + 1, start + count + 1):
        words = " ".join(rng.choice(WORDS) for _ in range(8))
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)) + ".</p>"
            for _ in range(4)
        )
        releases.append(
            Release(
                title=f"{SYNTHETIC_PREFIX} Release {number}: {words}",
                slug=f"{SYNTHETIC_SLUG_PREFIX}{number}",
                summary=f"Synthetic, not real news. {words}.",
                body=paragraphs,
                release_time=now - datetime.timedelta(hours=number),
                category=rng.choice(categories),
                status=Release.Status.PUBLISHED,
            )
        )
    Release.objects.bulk_create(releases, batch_size=BATCH_SIZE)
    return len(releases)
