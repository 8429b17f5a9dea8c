"""The site's URLs plus one view that fails, to see what a visitor gets on a 500,
and uploads served as `make serve` serves them (CLUSTER_SERVE_MEDIA)."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve

from cluster_cms.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("A bug the visitor must not see: SECRET DETAILS")


def cookie_page(request):
    cookie_page.calls += 1
    response = HttpResponse("A page that sets a cookie.")
    response.set_cookie("seen", "yes")
    return response


cookie_page.calls = 0


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("broken/", broken_view),
    path("cookie-page/", cookie_page),
    re_path(r"^media/(?P<path>.*)$", media),
    *site_urlpatterns,
]

handler400 = "cluster_cms.views.bad_request"
handler404 = "cluster_cms.views.page_not_found"
handler500 = "cluster_cms.views.server_error"
