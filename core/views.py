from django.contrib.auth import get_permission_codename
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView


class PublicDetailView(DetailView):
    """One public object's page; staff who may view its model preview it there too.

    The model's queryset offers `published()` and the model `is_public`. A preview
    (of an object not public now) is never stored by a browser or shared cache
    and never indexed.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        opts = queryset.model._meta
        if self.request.user.has_perm(
            f"{opts.app_label}.{get_permission_codename('view', opts)}"
        ):
            return queryset
        return queryset.published()

    def get_context_data(self, **kwargs):
        # `opts`, as in the admin: a page names its kind ("this release is a draft").
        return super().get_context_data(**kwargs) | {"opts": self.object._meta}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response
