"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from cluster_cms.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("This view fails on purpose.")


urlpatterns = [path("fail/", failing_view), *site_urlpatterns]
handler400 = "cluster_cms.views.bad_request"
handler404 = "cluster_cms.views.page_not_found"
handler500 = "cluster_cms.views.server_error"
