from django.db.models import Q
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView
from django_filters.views import FilterView

from cluster_cms.i18n import written_languages

from .filters import ReleaseFilter
from .models import Release

RELATED_COUNT = 3


class ReleaseListView(FilterView):
    filterset_class = ReleaseFilter
    paginate_by = 10
    template_name = "news/release_list.html"

    def get_queryset(self):
        return Release.objects.published().select_related("category")


class ReleaseDetailView(DetailView):
    def get_queryset(self):
        # Editors preview drafts and scheduled releases at their real address.
        if self.request.user.has_perm("news.view_release"):
            return Release.objects.select_related("category")
        return Release.objects.published().select_related("category")

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
            # A release exists in the languages its title is written in.
            page_languages=written_languages(release, "title"),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            # A preview must never be stored by a browser or shared cache.
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response
