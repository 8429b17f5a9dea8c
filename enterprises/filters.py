"""The directory's filters and the facet counts shown beside each option."""

from dataclasses import dataclass

import django_filters
from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cluster_cms.filters import PublicFilterSet
from cluster_cms.page_cache import cached
from cluster_cms.search import WordSearchFilter

from .models import (
    Certification,
    Enterprise,
    ExportMarket,
    ProductCategory,
    Town,
    localized_name,
)

SEARCH_MAX_LENGTH = 100


@dataclass(frozen=True)
class Option:
    """One choice of a facet: what the URL carries, what is shown, how many match."""

    value: str
    label: str
    count: int
    selected: bool


def _country_choices():
    return [(country.code, country.name) for country in countries]


class EnterpriseFilter(PublicFilterSet):
    """Every filter of /enterprises/; the URL's query string carries them all."""

    q = WordSearchFilter(
        label=_("Search"),
        fields=["name", "name_zh", "description"],
        max_length=SEARCH_MAX_LENGTH,
    )
    town = django_filters.ModelChoiceFilter(
        label=_("Town"), queryset=Town.objects.all(), to_field_name="slug"
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Product category"),
        queryset=ProductCategory.objects.all(),
        to_field_name="slug",
        method="filter_category",
    )
    certification = django_filters.ModelChoiceFilter(
        label=_("Certification"),
        queryset=Certification.objects.all(),
        to_field_name="slug",
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

    # Each filter narrows by primary key through an indexed subquery, so a
    # multi-valued relation never repeats an enterprise and needs no DISTINCT.

    def filter_category(self, queryset, name, value):
        through = Enterprise.categories.through.objects.filter(productcategory=value)
        return queryset.filter(pk__in=through.values("enterprise_id"))

    def filter_certification(self, queryset, name, value):
        held = value.held_certificates.current()
        return queryset.filter(pk__in=held.values("enterprise_id"))

    def filter_market(self, queryset, name, value):
        markets = ExportMarket.objects.filter(country=value)
        return queryset.filter(pk__in=markets.values("enterprise_id"))

    def filter_member(self, queryset, name, value):
        return queryset.filter(is_member=value == "yes")

    def sort_by(self, queryset, name, value):
        if value == "newest":
            return queryset.order_by("-created_at", "-pk")
        return queryset.order_by("name", "pk")

    def chosen(self) -> dict:
        """The valid filter values; an invalid one drops only its own filter."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def filtered_all_but(self, excluded: str) -> QuerySet:
        """The enterprises that every valid filter but one lets through."""
        queryset = self.queryset
        for name, value in self.chosen().items():
            if name not in (excluded, "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    def matching_all_but(self, excluded: str) -> QuerySet:
        return self.filtered_all_but(excluded).values("pk")

    def facets(self) -> dict[str, list[Option]]:
        """Each option's count given the other filters, cached until an edit."""
        chosen = self.chosen()
        state = sorted(
            (name, getattr(value, "slug", value))
            for name, value in chosen.items()
            if name != "sort" and value not in (None, "")
        )
        if chosen.get("q"):
            # Each language searches its own description: the same words match
            # other enterprises on the Chinese page than on the English one.
            state.append(("language", get_language()))
        counts = cached(
            "facets",
            state,
            self._count_facets,
            settings.CLUSTER_DIRECTORY_CACHE_SECONDS,
        )
        selected = {
            name: getattr(value, "slug", value) for name, value in chosen.items()
        }
        options = {
            name: [
                Option(
                    value,
                    localized_name(label, label_zh),
                    count,
                    value == selected.get(name),
                )
                for value, label, label_zh, count in counts[name]
            ]
            for name in ("town", "category", "certification")
        }
        market = dict(counts["market"])
        if selected.get("market"):
            market.setdefault(selected["market"], 0)
        options["market"] = sorted(
            (
                Option(
                    code, countries.name(code), count, code == selected.get("market")
                )
                for code, count in market.items()
            ),
            key=lambda option: option.label,
        )
        options["member"] = [
            Option(
                value,
                str(label),
                counts["member"][value],
                value == selected.get("member"),
            )
            for value, label in self.filters["member"].extra["choices"]
        ]
        return options

    def _count_facets(self) -> dict:
        """One aggregate query per facet, on what the other filters let through."""
        current = Q(held_certificates__valid_until__isnull=True) | Q(
            held_certificates__valid_until__gte=timezone.localdate()
        )
        member = self.filtered_all_but("member").aggregate(
            yes=Count("pk", filter=Q(is_member=True)),
            no=Count("pk", filter=Q(is_member=False)),
        )
        markets = (
            ExportMarket.objects.filter(enterprise__in=self.matching_all_but("market"))
            .order_by()
            .values_list("country")
            .annotate(matching=Count("pk"))
        )
        return {
            "town": self._model_counts(Town, "enterprises", "town"),
            "category": self._model_counts(ProductCategory, "enterprises", "category"),
            "certification": self._model_counts(
                Certification,
                "held_certificates__enterprise",
                "certification",
                extra=current,
            ),
            "market": [(code, count) for code, count in markets],
            "member": member,
        }

    def _model_counts(self, model, path, name, extra=None) -> list[tuple]:
        condition = Q(**{f"{path}__in": self.matching_all_but(name)})
        if extra is not None:
            condition &= extra
        rows = model.objects.annotate(matching=Count(path, filter=condition))
        # Both names are cached; the page picks its language's when it shows them.
        return [(row.slug, row.name, row.name_zh, row.matching) for row in rows]
