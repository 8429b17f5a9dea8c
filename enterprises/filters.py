"""The directory's filters and the facet counts shown beside each option."""

from dataclasses import dataclass
from functools import partial
from operator import attrgetter

import django_filters
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filters import PublicFilterSet
from core.i18n import in_reading_order
from search.engine import SearchFilter

from .facet_index import DirectoryIndex, MatchingEnterprises, directory_index
from .models import Enterprise, ExportMarket, HeldCertificate

SEARCH_MAX_LENGTH = 100
# Not filters: the searched enterprises of each rank, best first, in `masks()`
# under "ranked0", "ranked1"...
RANKED = "ranked"


@dataclass(frozen=True)
class Option:
    """One choice of a facet: what the URL carries, what is shown, how many match."""

    value: str
    label: str
    count: int
    selected: bool


def _country_choices():
    return [(country.code, country.name) for country in countries]


def _entry_choices(entries: str) -> list[tuple[str, str]]:
    return [(entry.slug, entry.name) for entry in getattr(directory_index(), entries)]


class EnterpriseFilter(PublicFilterSet):
    """Every filter of /enterprises/; the URL's query string carries them all."""

    # Names, descriptions, town, categories and certifications, both languages.
    q = SearchFilter(label=_("Search"), max_length=SEARCH_MAX_LENGTH)
    # Choices come from the directory's index (facet_index.py): checking a slug
    # costs no query.
    town = django_filters.ChoiceFilter(
        label=_("Town"),
        choices=partial(_entry_choices, "town_entries"),
        method="filter_town",
    )
    category = django_filters.ChoiceFilter(
        label=_("Product category"),
        choices=partial(_entry_choices, "category_entries"),
        method="filter_category",
    )
    certification = django_filters.ChoiceFilter(
        label=_("Certification"),
        choices=partial(_entry_choices, "certification_entries"),
        method="filter_certification",
    )
    market = django_filters.ChoiceFilter(
        label=_("Export market"), choices=_country_choices, method="filter_market"
    )
    member = django_filters.ChoiceFilter(
        label=_("Demonstration area"),
        choices=[("yes", _("Members")), ("no", _("Not members"))],
        method="filter_member",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[("name", _("Name")), ("newest", _("Newest first"))],
        method="sort_by",
    )

    class Meta:
        model = Enterprise
        fields = ["q", "town", "category", "certification", "market", "member"]

    def get_form_class(self):
        # The same fields on every page (choices are read when a form checks a
        # value): built once, and copied by each form as Django forms do.
        if "_form_class" not in type(self).__dict__:
            type(self)._form_class = super().get_form_class()
        return self._form_class

    # The same filters in SQL, for `.qs`; the directory's pages use the index.

    # Each filter narrows by primary key through an indexed subquery, so a
    # multi-valued relation never repeats an enterprise and needs no DISTINCT.

    def filter_town(self, queryset, name, value):
        return queryset.filter(town__slug=value)

    def filter_category(self, queryset, name, value):
        through = Enterprise.categories.through.objects.filter(
            productcategory__slug=value
        )
        return queryset.filter(pk__in=through.values("enterprise_id"))

    def filter_certification(self, queryset, name, value):
        held = HeldCertificate.objects.current().filter(certification__slug=value)
        return queryset.filter(pk__in=held.values("enterprise_id"))

    def filter_market(self, queryset, name, value):
        markets = ExportMarket.objects.filter(country=value)
        return queryset.filter(pk__in=markets.values("enterprise_id"))

    def filter_member(self, queryset, name, value):
        return queryset.filter(is_member=value == "yes")

    def sort_by(self, queryset, name, value):
        if value == "newest":
            return queryset.order_by(*self._base_order(queryset), "-created_at", "-pk")
        return queryset.order_by(*self._base_order(queryset), "name", "pk")

    @staticmethod
    def _base_order(queryset) -> list[str]:
        # A search ranks its matches first, whichever order follows.
        return ["-search_rank"] if "search_rank" in queryset.query.annotations else []

    def chosen(self) -> dict:
        """The valid filter values; an invalid one drops only its own filter."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def masks(self, index: DirectoryIndex) -> dict[str, int]:
        """Each valid filter's set of enterprises; a search asks the database."""
        chosen = {
            name: value
            for name, value in self.chosen().items()
            if name != "sort" and value not in (None, "")
        }
        certificates = index.current_certificates()
        masks = {}
        for name, value in chosen.items():
            if name == "q":
                # The index holds the search's words: no query. Who makes what
                # was searched for is listed first, then who is so named.
                masks[name], ranks = index.search(value)
                for rank, ranked in enumerate(ranks):
                    masks[f"{RANKED}{rank}"] = ranked
            elif name == "member":
                masks[name] = (
                    index.members
                    if value == "yes"
                    else index.everything ^ index.members
                )
            else:
                bitsets = {
                    "town": index.towns,
                    "category": index.categories,
                    "certification": certificates,
                    "market": index.markets,
                }[name]
                masks[name] = bitsets.get(value, 0)
        return masks

    @staticmethod
    def matching(index: DirectoryIndex, masks: dict[str, int], but: str = "") -> int:
        """The enterprises every filter (but one) lets through."""
        matching = index.everything
        for name, mask in masks.items():
            if name != but and not name.startswith(RANKED):
                matching &= mask
        return matching

    @staticmethod
    def ranks(masks: dict[str, int]) -> list[int]:
        """The searched enterprises of each rank, best first (none without a
        search)."""
        return [mask for name, mask in masks.items() if name.startswith(RANKED)]

    def facets(
        self, index: DirectoryIndex, masks: dict[str, int]
    ) -> dict[str, list[Option]]:
        """Each option's count given the other filters, in the reader's order."""
        selected = {
            name: getattr(value, "slug", value) for name, value in self.chosen().items()
        }
        bitsets = {
            "town": index.towns,
            "category": index.categories,
            "certification": index.current_certificates(),
            "market": index.markets,
        }
        facets = {}
        for name, bits in bitsets.items():
            others = self.matching(index, masks, but=name)
            chosen = selected.get(name)
            options = [
                Option(value, label, count, value == chosen)
                for value, (_rank, label) in index.shown(name).items()
                # Every list entry is offered; of the world's countries, those
                # some enterprise exports to.
                if (count := (bits.get(value, 0) & others).bit_count())
                or name != "market"
                or value == chosen
            ]
            if chosen and name == "market" and chosen not in index.shown(name):
                options = in_reading_order(
                    [*options, Option(chosen, countries.name(chosen), 0, True)],
                    label=attrgetter("label"),
                )
            facets[name] = options
        others = self.matching(index, masks, but="member")
        member_counts = {
            "yes": (index.members & others).bit_count(),
            "no": (others & ~index.members).bit_count(),
        }
        facets["member"] = [
            Option(
                value,
                str(label),
                member_counts[value],
                value == selected.get("member"),
            )
            for value, label in self.filters["member"].extra["choices"]
        ]
        return facets


def directory_search(query: str) -> MatchingEnterprises:
    """The published enterprises a search finds, best first, as the directory
    lists them (the site-wide search's enterprises): no query but their cards'."""
    filterset = EnterpriseFilter({"q": query})
    index = directory_index()
    masks = filterset.masks(index)
    matching = filterset.matching(index, masks) if filterset.is_valid() else 0
    return MatchingEnterprises(index, matching, "name", ranks=filterset.ranks(masks))
