"""Figures about the public directory, for the overview page and the home page."""

from dataclasses import dataclass

from django_countries import countries

from .facet_index import directory_index
from .models import localized_name

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
    index = directory_index()
    return {
        "enterprises": len(index.pks),
        "members": index.members.bit_count(),
        "towns": sum(1 for bits in index.towns.values() if bits),
        "markets": sum(1 for bits in index.markets.values() if bits),
    }


def directory_overview() -> dict[str, list[Bar]]:
    """Enterprises by town, by product category, and the top export markets."""
    index = directory_index()

    def by_count(entries, bitsets, name) -> list[tuple[str, str, int, str]]:
        rows = [
            (entry.name, entry.name_zh, total, f"{name}={entry.slug}")
            for entry in entries
            if (total := bitsets.get(entry.slug, 0).bit_count())
        ]
        return sorted(rows, key=lambda row: (-row[2], row[0]))

    markets = sorted(
        ((code, bits.bit_count()) for code, bits in index.markets.items()),
        key=lambda market: (-market[1], market[0]),
    )[:TOP_MARKETS]
    return {
        "towns": _bars(by_count(index.town_entries, index.towns, "town")),
        "categories": _bars(
            by_count(index.category_entries, index.categories, "category")
        ),
        "markets": _bars(
            [
                (countries.name(code), "", total, f"market={code}")
                for code, total in markets
            ]
        ),
    }
