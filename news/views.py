from django.db.models import Q, Subquery
from django_filters.views import FilterView

from cluster_cms.i18n import written_languages
from cluster_cms.views import PublicDetailView

from .filters import SEARCH_MAX_LENGTH, ReleaseFilter
from .models import Release

RELATED_COUNT = 3


class ReleaseListView(FilterView):
    filterset_class = ReleaseFilter
    paginate_by = 10
    template_name = "news/release_list.html"

    def get_queryset(self):
        return Release.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        return super().get_context_data(search_max_length=SEARCH_MAX_LENGTH, **kwargs)


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


def _position(release: Release) -> tuple:
    return (release.release_time, release.pk)


def _at(releases, number: int) -> Q:
    """The release at `number` in `releases`, as a one-key scalar subquery."""
    return Q(pk=Subquery(releases.values("pk")[number : number + 1]))


def neighbours(release: Release) -> dict:
    """The previous and next public releases, and the newest related ones.

    One query: each is a scalar subquery of its own (indexed, LIMIT 1) and the
    rows come back together. The previous release is the latest of the rows
    before `release` (it is the latest of all such rows, and it is among them);
    the next is the earliest after it; the related ones are the newest rows of
    its category, which the union holds as it holds the newest three.
    """
    published = Release.objects.published()
    earlier = Q(release_time__lt=release.release_time) | Q(
        release_time=release.release_time, pk__lt=release.pk
    )
    later = Q(release_time__gt=release.release_time) | Q(
        release_time=release.release_time, pk__gt=release.pk
    )
    wanted = _at(published.filter(earlier).order_by("-release_time", "-pk"), 0)
    wanted |= _at(published.filter(later).order_by("release_time", "pk"), 0)
    if release.category_id:
        related = (
            published.filter(category_id=release.category_id)
            .exclude(pk=release.pk)
            .order_by("-release_time", "-pk")
        )
        for number in range(RELATED_COUNT):
            wanted |= _at(related, number)
    # Each subquery applies published() and gives one key; the outer query looks
    # rows up by key only (SQLite: MULTI-INDEX OR; PostgreSQL: a BitmapOr of
    # primary-key lookups), never walking the releases.
    rows = list(Release.objects.filter(wanted).for_cards())
    before = [row for row in rows if _position(row) < _position(release)]
    after = [row for row in rows if _position(row) > _position(release)]
    same_category = sorted(
        (
            row
            for row in rows
            if release.category_id and row.category_id == release.category_id
        ),
        key=_position,
        reverse=True,
    )
    return {
        "previous_release": max(before, key=_position, default=None),
        "next_release": min(after, key=_position, default=None),
        "related_releases": same_category[:RELATED_COUNT],
    }
