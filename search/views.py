"""One search over the news and the directory, each searched by its own app."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from news.filters import ReleaseFilter
from news.models import Release

from .forms import SiteSearchForm

# A first look at each kind; "See all" opens the app's own list with the search.
RESULTS_PER_KIND = 6


@dataclass(frozen=True)
class ResultGroup:
    """The results of one kind: the first few, how many in all, where to see all."""

    kind: str
    title: str
    results: list
    count: int
    list_url: str


def _group(kind: str, title: str, filterset, list_route: str, query: str):
    # Each app's FilterSet is its public search: whatever it learns (word
    # segmentation, more fields) this page gets without a change here.
    # The page's own form keeps the query within what both accept; should an
    # app refuse it all the same, that kind shows nothing rather than everything.
    results: QuerySet = (
        filterset.qs if filterset.is_valid() else filterset.queryset.none()
    )
    return ResultGroup(
        kind=kind,
        title=title,
        results=list(results[:RESULTS_PER_KIND]),
        count=results.count(),
        list_url=f"{reverse(list_route)}?{urlencode({'q': query})}",
    )


def search_everything(query: str) -> list[ResultGroup]:
    """Enterprises first (what a buyer comes for), then news releases."""
    enterprises = EnterpriseFilter(
        {"q": query}, queryset=Enterprise.objects.published().for_cards()
    )
    releases = ReleaseFilter(
        {"q": query}, queryset=Release.objects.published().select_related("category")
    )
    return [
        _group(
            "enterprises",
            _("Enterprises"),
            enterprises,
            "enterprises:enterprise_list",
            query,
        ),
        _group("news", _("News releases"), releases, "news:release_list", query),
    ]


class SearchView(TemplateView):
    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        form = SiteSearchForm(self.request.GET or None)
        query = form.cleaned_data["q"].strip() if form.is_valid() else ""
        return super().get_context_data(
            form=form,
            query=query,
            groups=search_everything(query) if query else [],
            **kwargs,
        )
