from django.db.models import Q
from django_filters.views import FilterView

from cluster_cms.views import PublicDetailView

from .filters import ReleaseFilter
from .models import Release

RELATED_COUNT = 3


class ReleaseListView(FilterView):
    filterset_class = ReleaseFilter
    paginate_by = 10
    template_name = "news/release_list.html"

    def get_queryset(self):
        return Release.objects.published().select_related("category")


class ReleaseDetailView(PublicDetailView):
    # Editors preview drafts and scheduled releases at their real address.
    queryset = Release.objects.select_related("category")

    def get_context_data(self, **kwargs):
        release = self.object
        published = Release.objects.published()
        earlier = Q(release_time__lt=release.release_time) | Q(
            release_time=release.release_time, pk__lt=release.pk
        )
        later = Q(release_time__gt=release.release_time) | Q(
            release_time=release.release_time, pk__gt=release.pk
        )
        related = published.none()
        if release.category_id:
            related = (
                published.filter(category_id=release.category_id)
                .exclude(pk=release.pk)
                .select_related("category")[:RELATED_COUNT]
            )
        return super().get_context_data(
            previous_release=published.filter(earlier)
            .order_by("-release_time", "-pk")
            .first(),
            next_release=published.filter(later).order_by("release_time", "pk").first(),
            related_releases=related,
            **kwargs,
        )
