"""The public releases in publication order, for each release's previous, next
and related releases.

Kept per site version (`caching.shared`): releases are registered with the
page cache, so any save, and the moment a scheduled release comes due, starts a
new version. A release page then finds its neighbours by bisection, with no
query and no SQL to build, and reads their rows by key. At 20,000 releases the
order is one query of some tens of milliseconds, run once per edit by the
worker that served it, and a few megabytes in each worker's memory.
"""

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from caching.shared import Shared

from .models import Release

RELATED_COUNT = 3


@dataclass(frozen=True)
class ReleaseOrder:
    # (release_time, pk) of every public release, oldest first.
    positions: list[tuple[datetime, int]]
    # The newest public releases of each category, newest first: enough to
    # leave one out and still show RELATED_COUNT.
    newest_by_category: dict[int, list[int]]

    @classmethod
    def read(cls) -> "ReleaseOrder":
        rows = (
            Release.objects.published()
            .order_by("release_time", "pk")
            .values_list("release_time", "pk", "category_id")
        )
        positions, newest = [], {}
        for release_time, pk, category_id in rows.iterator(chunk_size=5000):
            positions.append((release_time, pk))
            if category_id is not None:
                newest.setdefault(category_id, []).append(pk)
        return cls(
            positions=positions,
            newest_by_category={
                category: pks[: -RELATED_COUNT - 2 : -1]
                for category, pks in newest.items()
            },
        )

    def neighbour_keys(self, release: Release) -> dict:
        """The keys of the releases before and after `release` (None at either
        end) and of the newest others of its category. `release` itself may be
        a draft or scheduled one that an editor previews: it has a place all
        the same."""
        own = (release.release_time, release.pk)
        index = bisect_left(self.positions, own)
        after = (
            index + 1
            if index < len(self.positions) and self.positions[index] == own
            else index
        )
        related = [
            pk
            for pk in self.newest_by_category.get(release.category_id, [])
            if pk != release.pk
        ]
        return {
            "previous": self.positions[index - 1][1] if index > 0 else None,
            "next": self.positions[after][1] if after < len(self.positions) else None,
            "related": related[:RELATED_COUNT],
        }

    def newest_first(self) -> Sequence[int]:
        """The keys of every public release, newest first (for the list's pages)."""
        return _NewestFirst(self.positions)

    def newest(self, count: int) -> list[int]:
        """The keys of the `count` newest public releases, newest first."""
        return self.newest_first()[:count]


class _NewestFirst(Sequence):
    def __init__(self, positions: list[tuple[datetime, int]]):
        self._positions = positions

    def __len__(self) -> int:
        return len(self._positions)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._positions[len(self._positions) - 1 - index][1]


_order = Shared("news:order", ReleaseOrder.read)


def release_order() -> ReleaseOrder:
    """The order at the current site version."""
    return _order.get()


def featured_and_newest(featured: list[int], count: int) -> dict[str, list[Release]]:
    """The public ones of the `featured` releases, newest first, and the `count`
    newest public releases: for the home page, in one query by key."""
    newest = release_order().newest(count)
    wanted = {*featured, *newest}
    rows = (
        {row.pk: row for row in Release.objects.filter(pk__in=wanted).for_cards()}
        if wanted
        else {}
    )
    public_featured = [rows[pk] for pk in featured if pk in rows and rows[pk].is_public]
    public_featured.sort(key=lambda row: (row.release_time, row.pk), reverse=True)
    return {
        "featured_releases": public_featured,
        "latest_releases": [rows[pk] for pk in newest if pk in rows],
    }
