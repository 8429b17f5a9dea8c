from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.views.generic import TemplateView
from django_filters.views import FilterView

from cluster_cms.views import PublicDetailView
from news.models import Release

from .filters import SEARCH_MAX_LENGTH, EnterpriseFilter
from .models import Enterprise
from .stats import directory_overview, key_figures


class EnterpriseListView(FilterView):
    filterset_class = EnterpriseFilter
    paginate_by = 20
    template_name = "enterprises/enterprise_list.html"

    def get_queryset(self):
        return Enterprise.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        # Paginate first: a page out of range is a 404 before any counting.
        context = super().get_context_data(**kwargs)
        facets = self.filterset.facets()
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
    queryset = Enterprise.objects.for_cards().prefetch_related(
        "export_markets",
        "photos",
        Prefetch(
            "releases",
            queryset=Release.objects.published().select_related("category"),
            to_attr="public_releases",
        ),
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
