from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView

from .models import Page


class PageDetailView(DetailView):
    def get_queryset(self):
        # Editors preview drafts and scheduled pages at their real address.
        if self.request.user.has_perm("pages.view_page"):
            return Page.objects.all()
        return Page.objects.published()

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            # A preview must never be stored by a browser or shared cache.
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response
