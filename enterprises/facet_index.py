"""The published directory held as bitsets: filters and counts without SQL.

Each published enterprise has a position, its rank in the directory's default
order (name, then pk). A set of enterprises is a Python int whose bit N stands
for position N, so combining filters is `&` and counting is `int.bit_count()`:
microseconds for 100,000 enterprises, whatever the filter combination. Only the
page's own rows are then read from the database.

The index belongs to one site version (caching.page_cache: any edit of the
site's content makes a new one) and is a `caching.shared` value: one process
builds the new version's index (the one that served the edit, once its response
is sent) while the others go on serving the version they hold; it is kept in the
shared cache, and each process keeps its copy.
"""

import array
import datetime
import itertools
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language
from django_countries import countries

from caching.shared import Shared
from core.i18n import in_reading_order, is_chinese, pinyin_order_key
from search.engine import Vocabulary, query_terms

from .cards import CARD_FIELDS, Card
from .models import (
    SEARCH_INDEX_FIELDS,
    Certification,
    Enterprise,
    ExportMarket,
    HeldCertificate,
    ProductCategory,
    Town,
    localized_name,
)

logger = logging.getLogger(__name__)
# How many searched words each worker remembers who holds (a few MB at most).
REMEMBERED_TERMS = 1000


@dataclass(frozen=True)
class Entry:
    """One option of a list (town, category, certification)."""

    slug: str
    name: str
    name_zh: str

    @property
    def display_name(self) -> str:
        return localized_name(self.name, self.name_zh)


@dataclass
class DirectoryIndex:
    """Bitsets of the published directory at one version; see the module."""

    pks: list[int]
    # Positions, newest first ("-created_at", "-pk").
    newest: list[int]
    # Positions in a Chinese reader's order: by the pinyin of the Chinese name
    # (the English name when there is none).
    by_pinyin: list[int]
    towns: dict[str, int]
    categories: dict[str, int]
    # Certificates with no end date, and {position: valid_until} for the others:
    # which are current depends on the day the page is drawn.
    certificates_open: dict[str, int]
    certificates_dated: dict[str, dict[int, datetime.date]]
    markets: dict[str, int]
    members: int
    town_entries: list[Entry]
    category_entries: list[Entry]
    certification_entries: list[Entry]
    # The search index's words ({word: positions}): of all the text, of the
    # names, of the products (search.engine: the same words and matches).
    text_words: dict[str, array.array]
    title_words: dict[str, array.array]
    product_words: dict[str, array.array]
    _current: tuple[datetime.date, dict[str, int]] | None = field(
        default=None, repr=False, compare=False
    )
    # Per worker, built as searches need them: each word column's Vocabulary
    # and {(column, term): who holds a word the term matches}.
    _vocabularies: dict[int, Vocabulary] = field(
        default_factory=dict, repr=False, compare=False
    )
    _matches: dict[tuple[int, str], int] = field(
        default_factory=dict, repr=False, compare=False
    )
    # {(list, language): {slug: (rank, name)}}, filled when the index is built.
    _shown: dict[tuple[str, str], dict[str, tuple[int, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    @property
    def everything(self) -> int:
        return (1 << len(self.pks)) - 1

    def positions_of(self, pks) -> int:
        """The bitset of the given primary keys (those not published are left out)."""
        where = self.position_by_pk
        return bitset(
            (position for pk in pks if (position := where.get(pk)) is not None),
            len(self.pks),
        )

    @property
    def position_by_pk(self) -> dict[int, int]:
        if not hasattr(self, "_position_by_pk"):
            self._position_by_pk = {pk: n for n, pk in enumerate(self.pks)}
        return self._position_by_pk

    def lists_of(self, pk: int) -> tuple[list[Entry], list[str]] | None:
        """A published enterprise's product categories and export market codes."""
        position = self.position_by_pk.get(pk)
        if position is None:
            return None
        held = set(_holders(self.categories, [position]).get(position, ()))
        markets = _holders(self.markets, [position]).get(position, [])
        categories = [entry for entry in self.category_entries if entry.slug in held]
        return categories, sorted(markets)

    def cards(self, rows: list[Enterprise]) -> list[Card]:
        """The cards of published enterprises (rows read with CARD_FIELDS), in
        their order, with their towns and lists from the index; a row the index
        does not hold (published or deleted since it was built) is left out."""
        positions = [self.position_by_pk.get(row.pk) for row in rows]
        lists = self.card_lists([n for n in positions if n is not None])
        return [
            Card(row, *lists[position])
            for row, position in zip(rows, positions, strict=True)
            if position is not None
        ]

    def card_lists(self, positions: list[int]) -> dict[int, tuple]:
        """Per position, what its enterprise's card shows of the lists, in the
        reader's language and order: (town, product categories,
        [(certification, valid until or None)])."""
        town_of = _holders(self.towns, positions)
        categories = _holders(self.categories, positions)
        undated = _holders(self.certificates_open, positions)
        town = self.shown("town")
        category = self.shown("category")
        certification = self.shown("certification")
        lists = {}
        for position in positions:
            held = [(slug, None) for slug in undated.get(position, ())]
            held += [
                (slug, holders[position])
                for slug, holders in self.certificates_dated.items()
                if position in holders
            ]
            # An entry deleted while the index was being read is gone from the
            # directory: left out rather than looked up.
            towns = [
                town[slug][1] for slug in town_of.get(position, ()) if slug in town
            ]
            lists[position] = (
                towns[0] if towns else "",
                [
                    shown[1]
                    for shown in sorted(
                        category[slug]
                        for slug in categories.get(position, ())
                        if slug in category
                    )
                ],
                [
                    (shown[1], valid_until)
                    for shown, valid_until in sorted(
                        (certification[slug], valid_until)
                        for slug, valid_until in held
                        if slug in certification
                    )
                ],
            )
        return lists

    def shown(self, kind: str) -> dict[str, tuple[int, str]]:
        """Per slug of a list ("town", "category", "certification") or code of an
        export market held: its rank in the reader's order and its name, in the
        active language; in that order."""
        key = (kind, get_language())
        shown = self._shown
        if key not in shown:
            if kind == "market":
                names = {code: countries.name(code) for code in self.markets}
            else:
                names = {
                    entry.slug: entry.display_name
                    for entry in getattr(self, f"{kind}_entries")
                }
            ordered = in_reading_order(names, label=names.get)
            shown[key] = {
                slug: (rank, names[slug]) for rank, slug in enumerate(ordered)
            }
        return shown[key]

    def current_certificates(self) -> dict[str, int]:
        """Per certification, who holds it valid today (computed once a day)."""
        today = timezone.localdate()
        if self._current is None or self._current[0] != today:
            current = {
                slug: bits
                | bitset(
                    (
                        position
                        for position, valid_until in self.certificates_dated.get(
                            slug, {}
                        ).items()
                        if valid_until >= today
                    ),
                    len(self.pks),
                )
                for slug, bits in self.certificates_open.items()
            }
            self._current = (today, current)
        return self._current[1]

    def search(self, query: str) -> tuple[int, list[int]]:
        """The enterprises matching every word of a search, as
        `Enterprise.objects.search()` finds them, and those of them in each rank,
        best first: products and name match, products only, name only."""
        terms = query_terms(query)
        if not terms:
            return 0, []
        matching = self._having_all(self.text_words, terms)
        if not matching:
            return 0, []
        products = self._having_all(self.product_words, terms) & matching
        names = self._having_all(self.title_words, terms) & matching
        return matching, [products & names, products & ~names, names & ~products]

    def _having_all(self, words: dict[str, array.array], terms: list[str]) -> int:
        having = self.everything
        for term in terms:
            having &= self._having(words, term)
            if not having:
                break
        return having

    def _having(self, words: dict[str, array.array], term: str) -> int:
        """Who holds a word the term matches, remembered per worker: the
        same words come back in many searches."""
        key = (id(words), term)
        # Threads of a worker share the index: each reads what it stores
        # from its own variables, whatever another thread clears meanwhile.
        having = self._matches.get(key)
        if having is None:
            vocabulary = self._vocabularies.get(id(words))
            if vocabulary is None:
                vocabulary = self._vocabularies[id(words)] = Vocabulary(words)
            having = bitset(
                itertools.chain.from_iterable(
                    words[word] for word in vocabulary.matching(term)
                ),
                len(self.pks),
            )
            if len(self._matches) >= REMEMBERED_TERMS:
                self._matches.clear()
            self._matches[key] = having
        return having

    def page(self, matching: int, order: str, start: int, stop: int) -> list[int]:
        """The positions at [start:stop] of the matching set in `order` ("name"
        is the reader's: by pinyin on Chinese pages)."""
        if order == "name" and is_chinese():
            order = "pinyin"
        if order in ("newest", "pinyin"):
            # One pass over the bytes: testing `matching >> n & 1` would copy the
            # whole int for each n.
            flags = matching.to_bytes((len(self.pks) + 7) // 8, "little")
            chosen = []
            for n in self.newest if order == "newest" else self.by_pinyin:
                if flags[n >> 3] >> (n & 7) & 1:
                    chosen.append(n)
                    if len(chosen) == stop:
                        break
            return chosen[start:stop]
        return _set_bits(matching, start, stop)

    def __getstate__(self):
        # Rebuilt where the index is read; today's certificates and the lists'
        # names in each language travel with it.
        state = dict(self.__dict__)
        state.pop("_position_by_pk", None)
        state["_vocabularies"], state["_matches"] = {}, {}
        return state


class MatchingEnterprises:
    """The enterprises a set of filters lets through, in the chosen order.

    The index gives the count, each page's primary keys and their cards' towns
    and lists; only the page's own rows are read (one query), so the paginator
    can slice it like a queryset and gets cards.
    """

    model = Enterprise

    def __init__(
        self,
        index: DirectoryIndex,
        matching: int,
        order: str,
        ranks: list[int] = (),
    ):
        self.index, self.matching, self.order = index, matching, order
        # Each rank's enterprises come before the next rank's, then the rest,
        # each part in `order`.
        self.parts, rest = [], matching
        for ranked in ranks:
            self.parts.append(rest & ranked)
            rest &= ~ranked
        self.parts.append(rest)

    def __len__(self) -> int:
        return self.matching.bit_count()

    def __getitem__(self, window: slice) -> list[Card]:
        positions, start, stop = [], window.start, window.stop
        for part in self.parts:
            size = part.bit_count()
            if start < size and stop > 0:
                positions += self.index.page(
                    part, self.order, max(start, 0), min(stop, size)
                )
            start, stop = start - size, stop - size
        if not positions:
            return []
        pks = [self.index.pks[position] for position in positions]
        rows = (
            Enterprise.objects.published().filter(pk__in=pks).only(*CARD_FIELDS)
        ).in_bulk()
        return self.index.cards([rows[pk] for pk in pks if pk in rows])


def bitset(positions, size: int) -> int:
    """The int whose bits at `positions` are set (built in a bytearray: setting
    bits one by one on an int would copy it each time)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def _bitsets(pairs, size: int) -> dict:
    """{key: bitset} from (key, position) pairs."""
    grouped: dict = {}
    for key, position in pairs:
        grouped.setdefault(key, []).append(position)
    return {key: bitset(positions, size) for key, positions in grouped.items()}


def _holders(bitsets: dict[str, int], positions: list[int]) -> dict[int, list[str]]:
    """{position: keys whose bitset holds it} for a few positions: one `&` per
    key with the positions' mask, rather than a shift of each big int."""
    wanted = bitset(positions, max(positions, default=0) + 1)
    held: dict[int, list[str]] = {}
    for key, bits in bitsets.items():
        if hits := bits & wanted:
            for position in _set_bits(hits, 0, len(positions)):
                held.setdefault(position, []).append(key)
    return held


def _set_bits(bits: int, start: int, stop: int) -> list[int]:
    """Positions of the set bits of `bits`, from the start-th to before the stop-th."""
    found, skipped, base = [], 0, 0
    chunk = 4096
    mask = (1 << chunk) - 1
    while bits and len(found) < stop - start:
        part = bits & mask
        count = part.bit_count()
        if skipped + count <= start:
            skipped += count
        else:
            while part:
                low = part & -part
                if skipped >= start:
                    found.append(base + low.bit_length() - 1)
                    if len(found) == stop - start:
                        break
                skipped += 1
                part ^= low
        bits >>= chunk
        base += chunk
    return found


def _postings(columns) -> dict[str, array.array]:
    """{word: positions holding it} of one search index column, row by row."""
    postings: dict[str, array.array] = {}
    for position, column in enumerate(columns):
        for word in set(column.split()):
            if word not in postings:
                postings[word] = array.array("I")
            postings[word].append(position)
    return postings


def build_index() -> DirectoryIndex:
    """Read the published directory (seven queries, whatever its size)."""
    rows = list(
        Enterprise.objects.published()
        .order_by("name", "pk")
        .values_list(
            "pk",
            "town__slug",
            "is_member",
            "created_at",
            "name",
            "name_zh",
            *SEARCH_INDEX_FIELDS,
        )
    )
    pks = [pk for pk, *_ in rows]
    size = len(pks)
    position = {pk: n for n, pk in enumerate(pks)}
    towns = _bitsets(((row[1], n) for n, row in enumerate(rows)), size)
    members = bitset((n for n, row in enumerate(rows) if row[2]), size)
    newest = sorted(range(size), key=lambda n: (rows[n][3], rows[n][0]))[::-1]
    by_pinyin = sorted(
        range(size), key=lambda n: (*pinyin_order_key(rows[n][5] or rows[n][4]), n)
    )
    columns = dict(zip(SEARCH_INDEX_FIELDS, range(6, 9), strict=True))
    words = {
        column: _postings(row[at] for row in rows) for column, at in columns.items()
    }

    published = Enterprise.objects.published().values("pk")
    links = Enterprise.categories.through.objects.filter(enterprise__in=published)
    categories = _bitsets(
        (
            (slug, position[enterprise_id])
            for enterprise_id, slug in links.values_list(
                "enterprise_id", "productcategory__slug"
            )
        ),
        size,
    )

    held = HeldCertificate.objects.filter(enterprise__in=published).order_by()
    undated, certificates_dated = [], {}
    for enterprise_id, slug, valid_until in held.values_list(
        "enterprise_id", "certification__slug", "valid_until"
    ):
        if valid_until is None:
            undated.append((slug, position[enterprise_id]))
        else:
            certificates_dated.setdefault(slug, {})[position[enterprise_id]] = (
                valid_until
            )
    certificates_open = dict.fromkeys(certificates_dated, 0) | _bitsets(undated, size)

    exported = ExportMarket.objects.filter(enterprise__in=published).order_by()
    markets = _bitsets(
        (
            (country, position[enterprise_id])
            for enterprise_id, country in exported.values_list(
                "enterprise_id", "country"
            )
        ),
        size,
    )

    def entries(model) -> list[Entry]:
        return [
            Entry(*row) for row in model.objects.values_list("slug", "name", "name_zh")
        ]

    index = DirectoryIndex(
        pks=pks,
        newest=newest,
        by_pinyin=by_pinyin,
        towns=towns,
        categories=categories,
        certificates_open=certificates_open,
        certificates_dated=certificates_dated,
        markets=markets,
        members=members,
        town_entries=entries(Town),
        category_entries=entries(ProductCategory),
        certification_entries=entries(Certification),
        text_words=words["search_text"],
        title_words=words["search_title"],
        product_words=words["search_products"],
    )
    # Once here rather than in a visitor's request.
    index.current_certificates()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for kind in ("town", "category", "certification", "market"):
                index.shown(kind)
    return index


# The name says the index's shape: when DirectoryIndex's fields change, a worker
# of the new code must not load an index pickled by the old.
held_index = Shared(
    "enterprises:index:3",
    # Looked up at each build, so that a test can count the builds.
    lambda: build_index(),
)


def directory_index() -> DirectoryIndex:
    """The index at the current site version (see the module)."""
    return held_index.get()
