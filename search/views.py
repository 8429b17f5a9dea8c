"""One search over the news and the directory, each searched by its own app."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from enterprises.filters import directory_search
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


def _releases(query: str, list_url: str) -> ResultGroup:
    # The news app's FilterSet is its public search: whatever it learns (word
    # segmentation, more fields) this page gets without a change here. The
    # page's own form keeps the query within what it accepts; should it refuse
    # it all the same, nothing is shown rather than everything.
    filterset = ReleaseFilter(
        {"q": query}, queryset=Release.objects.published().select_related("category")
    )
    if not filterset.is_valid():
        return ResultGroup("news", _("News releases"), [], 0, list_url)
    # The matches' keys once, in order (one scan of the index), rather than a
    # count and a slice that would each scan it.
    found = filterset.qs
    pks = list(found.values_list("pk", flat=True))
    first = found.model.objects.select_related("category").in_bulk(
        pks[:RESULTS_PER_KIND]
    )
    return ResultGroup(
        "news",
        _("News releases"),
        [first[pk] for pk in pks[:RESULTS_PER_KIND] if pk in first],
        len(pks),
        list_url,
    )


def search_everything(query: str) -> list[ResultGroup]:
    """Enterprises first (what a buyer comes for), then news releases."""
    # The directory's own search, from its index: the same firms in the same
    # order as its list, best matches first.
    enterprises = directory_search(query)
    return [
        ResultGroup(
            "enterprises",
            _("Enterprises"),
            enterprises[0:RESULTS_PER_KIND],
            len(enterprises),
            _list_url("enterprises:enterprise_list", query),
        ),
        _releases(query, _list_url("news:release_list", query)),
    ]


def _list_url(route: str, query: str) -> str:
    return f"{reverse(route)}?{urlencode({'q': query})}"


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
