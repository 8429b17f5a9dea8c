from django_filters.views import FilterView

from core.i18n import written_languages
from core.views import PublicDetailView

from .filters import SEARCH_MAX_LENGTH, ReleaseFilter
from .models import Release
from .order import release_order


class ReleaseListView(FilterView):
    filterset_class = ReleaseFilter
    paginate_by = 10
    template_name = "news/release_list.html"

    def get_queryset(self):
        return Release.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_max_length=SEARCH_MAX_LENGTH, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """Without a search or a category, page through the release order held
        for the version (news.order): no count to run, no OFFSET to walk, one
        query for the page's rows by key."""
        filterset = self.filterset
        if filterset.is_bound and (
            not filterset.is_valid() or any(filterset.form.cleaned_data.values())
        ):
            return super().paginate_queryset(queryset, page_size)
        paginator, page, keys, is_paginated = super().paginate_queryset(
            release_order().newest_first(), page_size
        )
        rows = Release.objects.for_cards().in_bulk(keys)
        page.object_list = [rows[pk] for pk in keys if pk in rows]
        return paginator, page, page.object_list, is_paginated


class ReleaseDetailView(PublicDetailView):
    # Editors preview drafts and scheduled releases at their real address.
    queryset = Release.objects.select_related("category")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **neighbours(self.object),
            # A release exists in the languages its title is written in.
            page_languages=written_languages(self.object, "title"),
            **kwargs,
        )


def neighbours(release: Release) -> dict:
    """The previous and next public releases, and the newest related ones.

    Their keys come from the release order held in memory (news.order); their
    rows from one query by key, or none when there is none to show.
    """
    keys = release_order().neighbour_keys(release)
    wanted = [keys["previous"], keys["next"], *keys["related"]]
    wanted = [pk for pk in wanted if pk is not None]
    rows = (
        {row.pk: row for row in Release.objects.filter(pk__in=wanted).for_cards()}
        if wanted
        else {}
    )
    return {
        "previous_release": rows.get(keys["previous"]),
        "next_release": rows.get(keys["next"]),
        "related_releases": [rows[pk] for pk in keys["related"] if pk in rows],
    }
