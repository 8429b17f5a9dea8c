"""Synthetic enterprises for demonstrations and benchmarks, never passed off as real.

Each one is named "[Synthetic] ...", flagged `is_synthetic`, says so in its
description, and has no credit code, phone or address that could be a real firm's.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from caching import page_cache
from core.demo import SYNTHETIC_PREFIX

from . import models
from .models import Enterprise, reindex_enterprises
from .reference_lists import ensure_reference_lists

SLUG_PREFIX = "synthetic-enterprise-"
BATCH_SIZE = 1000

# Buyers' main markets come up more often, as they do in the cluster's trade.
MARKETS = (
    "US US US DE DE GB GB FR IT ES NL BE PL RU RU AE AE SA IN IN ID TH VN MY PH "
    "AU AU JP KR BR MX CL AR ZA NG EG TR CA SE NO DK FI CZ HU RO GR PT IL PK BD "
    "KE TZ GH MA DZ PE CO NZ SG HK TW KZ UZ UA IR IQ"
).split()
PRODUCT_WORDS = (
    "LED panels",
    "downlights",
    "crystal chandeliers",
    "street lights",
    "garden lights",
    "track lights",
    "floodlights",
    "table lamps",
    "ceiling lights",
    "lamp holders",
    "drivers",
    "smart bulbs",
    "emergency exit signs",
    "high bays",
)
NAME_WORDS = (
    "Bright",
    "Lumen",
    "Star",
    "Sun",
    "Moon",
    "Aurora",
    "Crystal",
    "Golden",
    "Ever",
    "Nova",
    "Pearl",
    "Radiant",
    "Harmony",
    "Grand",
    "Rising",
    "Jade",
)
NAME_KINDS = ("Lighting", "Lighting Technology", "Lamps", "Illumination", "Light")


def _synthetic_enterprise(number: int, rng: random.Random, towns) -> Enterprise:
    town = towns[min(int(rng.expovariate(0.35)), len(towns) - 1)]
    word = rng.choice(NAME_WORDS)
    kind = rng.choice(NAME_KINDS)
    products = ", ".join(rng.sample(PRODUCT_WORDS, 3))
    town_zh = town.name_zh or town.name
    return Enterprise(
        name=f"{SYNTHETIC_PREFIX} {word} {kind} {number:05d}",
        name_zh=f"示例企业{number:05d}",
        slug=f"{SLUG_PREFIX}{number:05d}",
        town=town,
        founded_year=rng.randint(1985, 2024),
        staff_size=rng.choice(Enterprise.StaffSize.values),
        description_en=(
            f"A synthetic entry made for demonstrations, not a real enterprise. "
            f"It stands for a {town.name} maker of {products}."
        ),
        # One in five has no Chinese description, to show the English fallback.
        description_zh_hans=(
            ""
            if number % 5 == 0
            else f"为演示而编造的示例条目，并非真实企业，代表{town_zh}的一家灯饰厂。"
        ),
        website="",
        email="",
        is_member=rng.random() < 0.01,
        is_published=rng.random() < 0.97,
        is_featured=number <= 4,
        is_synthetic=True,
        verified_on=timezone.localdate() - datetime.timedelta(days=rng.randint(0, 900)),
    )


@transaction.atomic
def create_synthetic_enterprises(count: int, seed: int = 2017) -> int:
    """Add `count` synthetic enterprises after those already there, in bulk."""
    rng = random.Random(seed)
    # A flushed test database has lost what the migration put in.
    ensure_reference_lists(models.Town, models.ProductCategory, models.Certification)
    towns = list(models.Town.objects.order_by("pk"))
    categories = list(models.ProductCategory.objects.all())
    certifications = list(models.Certification.objects.all())
    start = Enterprise.objects.filter(slug__startswith=SLUG_PREFIX).count()
    enterprises = [
        _synthetic_enterprise(number, rng, towns)
        for number in range(start + 1, start + count + 1)
    ]
    Enterprise.objects.bulk_create(enterprises, batch_size=BATCH_SIZE)
    # SQLite and PostgreSQL both return primary keys from bulk_create.
    Through = Enterprise.categories.through
    today = timezone.localdate()
    links, held, markets = [], [], []
    for enterprise in enterprises:
        for category in rng.sample(categories, rng.randint(1, min(3, len(categories)))):
            links.append(Through(enterprise=enterprise, productcategory=category))
        for certification in rng.sample(
            certifications, rng.randint(0, min(4, len(certifications)))
        ):
            held.append(
                models.HeldCertificate(
                    enterprise=enterprise,
                    certification=certification,
                    number=f"SYNTHETIC-{enterprise.pk}-{certification.pk}",
                    valid_until=today
                    + datetime.timedelta(days=rng.randint(-400, 1500)),
                )
            )
        for code in set(rng.sample(MARKETS, rng.randint(1, 8))):
            markets.append(models.ExportMarket(enterprise=enterprise, country=code))
    Through.objects.bulk_create(links, batch_size=BATCH_SIZE)
    models.HeldCertificate.objects.bulk_create(held, batch_size=BATCH_SIZE)
    models.ExportMarket.objects.bulk_create(markets, batch_size=BATCH_SIZE)
    # bulk_create sends no signal: index and drop the cached pages here.
    reindex_enterprises(Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]))
    page_cache.invalidate()
    return len(enterprises)


def ensure_demo_directory(count: int) -> int:
    """Make sure at least `count` synthetic enterprises exist; never duplicates."""
    existing = Enterprise.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if existing >= count:
        return 0
    return create_synthetic_enterprises(count - existing, seed=existing)
