"""The site's URLs plus one view that fails, to see what a visitor gets on a 500."""

from django.urls import path

from cluster_cms.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("A bug the visitor must not see: SECRET DETAILS")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]

handler500 = "cluster_cms.views.server_error"
