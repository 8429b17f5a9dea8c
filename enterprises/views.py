from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

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


class EnterpriseDetailView(DetailView):
    def get_queryset(self):
        # Editors check an unpublished entry at its real address before publishing.
        if self.request.user.has_perm("enterprises.view_enterprise"):
            enterprises = Enterprise.objects.all()
        else:
            enterprises = Enterprise.objects.published()
        return enterprises.for_cards().prefetch_related(
            "export_markets",
            "photos",
            Prefetch(
                "releases",
                queryset=Release.objects.published().select_related("category"),
                to_attr="public_releases",
            ),
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_published:
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response


class EnterpriseOverviewView(TemplateView):
    template_name = "enterprises/enterprise_overview.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=key_figures(), charts=directory_overview(), **kwargs
        )
