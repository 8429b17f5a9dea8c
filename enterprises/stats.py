"""Figures about the public directory, for the overview page and the home page."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django_countries import countries

from cluster_cms.page_cache import cached

from .models import (
    Enterprise,
    ExportMarket,
    ProductCategory,
    Town,
    localized_name,
)

TOP_MARKETS = 10


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: its label, its number, and its length out of 100."""

    label: str
    count: int
    percent: int
    url_query: str = ""


def _bars(rows: list[tuple[str, str, int, str]]) -> list[Bar]:
    largest = max((count for _, _, count, _ in rows), default=0) or 1
    return [
        Bar(
            localized_name(name, name_zh),
            count,
            max(1, round(100 * count / largest)),
            query,
        )
        for name, name_zh, count, query in rows
    ]


def key_figures() -> dict[str, int]:
    """Enterprises listed, members of the demonstration area, towns and markets."""
    return cached(
        "figures", None, _count_key_figures, settings.CLUSTER_DIRECTORY_CACHE_SECONDS
    )


def _count_key_figures() -> dict[str, int]:
    published = Enterprise.objects.published()
    figures = published.aggregate(
        enterprises=Count("pk"),
        members=Count("pk", filter=Q(is_member=True)),
        towns=Count("town", distinct=True),
    )
    figures["markets"] = (
        ExportMarket.objects.filter(enterprise__in=published.values("pk"))
        .values("country")
        .distinct()
        .count()
    )
    return figures


def directory_overview() -> dict[str, list[Bar]]:
    """Enterprises by town, by product category, and the top export markets."""
    counts = cached(
        "overview", None, _count_overview, settings.CLUSTER_DIRECTORY_CACHE_SECONDS
    )
    return {
        "towns": _bars(counts["towns"]),
        "categories": _bars(counts["categories"]),
        "markets": _bars(
            [
                (countries.name(code), "", total, f"market={code}")
                for code, total in counts["markets"]
            ]
        ),
    }


def _count_overview() -> dict[str, list[tuple]]:
    published = Enterprise.objects.published().values("pk")
    public = Q(enterprises__in=published)
    towns = (
        Town.objects.annotate(total=Count("enterprises", filter=public))
        .filter(total__gt=0)
        .order_by("-total", "name")
    )
    categories = (
        ProductCategory.objects.annotate(total=Count("enterprises", filter=public))
        .filter(total__gt=0)
        .order_by("-total", "name")
    )
    markets = (
        ExportMarket.objects.filter(enterprise__in=published)
        .order_by()
        .values_list("country")
        .annotate(total=Count("pk"))
        .order_by("-total", "country")[:TOP_MARKETS]
    )
    return {
        "towns": [(t.name, t.name_zh, t.total, f"town={t.slug}") for t in towns],
        "categories": [
            (c.name, c.name_zh, c.total, f"category={c.slug}") for c in categories
        ],
        "markets": list(markets),
    }
