from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.generic import TemplateView
from django_countries.fields import Country
from django_filters.views import FilterView

from core.views import PublicDetailView
from news.models import Release

from .facet_index import Entry, MatchingEnterprises, directory_index
from .filters import SEARCH_MAX_LENGTH, EnterpriseFilter
from .models import Enterprise, HeldCertificate
from .stats import directory_overview, key_figures


def _certificates():
    return Prefetch(
        "held_certificates",
        queryset=HeldCertificate.objects.select_related("certification"),
    )


class EnterpriseListView(FilterView):
    filterset_class = EnterpriseFilter
    paginate_by = 20
    template_name = "enterprises/enterprise_list.html"

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.index = directory_index()
        self.masks = self.filterset.masks(self.index)
        if self.filterset.is_bound and not self.filterset.is_valid():
            matching = 0  # a bad value: a clear message and no results
        else:
            matching = self.filterset.matching(self.index, self.masks)
        sort = self.filterset.chosen().get("sort")
        # A search lists its best matches first unless the visitor chose an order.
        ranks = [] if sort else self.filterset.ranks(self.masks)
        self.object_list = MatchingEnterprises(
            self.index, matching, sort or "name", ranks=ranks
        )
        context = self.get_context_data(
            filter=self.filterset, object_list=self.object_list
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        # Paginate first: a page out of range is a 404 before any counting.
        context = super().get_context_data(**kwargs)
        facets = self.filterset.facets(self.index, self.masks)
        context.update(
            facets=facets,
            active_filters=self.active_filters(facets),
            # The choices folded behind "Filters (n)" on a phone: n of them are in use.
            filter_count=sum(
                option.selected for options in facets.values() for option in options
            ),
            search_max_length=SEARCH_MAX_LENGTH,
        )
        return context

    def active_filters(self, facets) -> list[tuple[str, str, str]]:
        """(filter, value, address without it) for each filter in use: one click
        removes it, and the rest of the state stays in the address."""
        chosen = self.filterset.chosen()
        shown = []
        if chosen.get("q"):
            shown.append(("q", chosen["q"]))
        for name, options in facets.items():
            shown += [(name, option.label) for option in options if option.selected]
        active = []
        for name, value in shown:
            params = self.request.GET.copy()
            for key in (name, "page"):
                params.pop(key, None)
            label = self.filterset.filters[name].label
            active.append((label, value, f"?{params.urlencode()}"))
        return active


class EnterpriseDetailView(PublicDetailView):
    # Editors check an unpublished entry at its real address before publishing.
    # published() compares with the database's clock, so this is no frozen list.
    queryset = Enterprise.objects.select_related("town").prefetch_related(
        _certificates(),
        "photos",
        # Found by the enterprise's link rows (their index) alone: which of them
        # the public may read is checked in Python (Release.is_public). With the
        # schedule's filter in SQL, SQLite walked every public release instead,
        # a cost that grew with the news.
        Prefetch(
            "releases", queryset=Release.objects.defer("body"), to_attr="mentions"
        ),
    )

    def get_context_data(self, **kwargs):
        # A published entry's categories and markets are in the directory's
        # index already; an editor's preview of an unpublished one reads them.
        lists = directory_index().lists_of(self.object.pk)
        if lists is None:
            categories = [
                Entry(category.slug, category.name, category.name_zh)
                for category in self.object.categories.all()
            ]
            codes = self.object.export_markets.values_list("country", flat=True)
        else:
            categories, codes = lists
        return super().get_context_data(
            categories=categories,
            markets=[Country(code) for code in codes],
            public_releases=[
                release for release in self.object.mentions if release.is_public
            ],
            **kwargs,
        )


class EnterpriseOverviewView(TemplateView):
    template_name = "enterprises/enterprise_overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=key_figures(), charts=directory_overview(), **kwargs
        )


def enterprises_mentioned(release) -> SafeString:
    """The public enterprises an editor linked to a release, for its page."""
    mentioned = Enterprise.objects.published().filter(releases=release)
    return render_to_string(
        "enterprises/_mentioned.html",
        {"enterprises": mentioned.select_related("town")},
    )
