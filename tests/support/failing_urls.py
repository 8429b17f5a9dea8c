"""The site's URLs plus views that fail, to see the 500 and 503 pages."""

from django.db import OperationalError
from django.urls import path

from cluster_cms.urls import urlpatterns as site_urlpatterns


def failing_view(request):
    raise RuntimeError("This view fails on purpose.")


def database_down_view(request):
    raise OperationalError("connection refused: is the server running?")


urlpatterns = [
    path("fail/", failing_view),
    path("database-down/", database_down_view),
    *site_urlpatterns,
]
handler400 = "cluster_cms.views.bad_request"
handler404 = "cluster_cms.views.page_not_found"
handler500 = "cluster_cms.views.server_error"
