"""A bare Django WSGI app: one view returning a fixed 20 KB page, no middleware.

`bench/serve.py` runs it under the site's own gunicorn settings as the yardstick
that cached pages are compared with. Not part of the site.
"""

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-benchmark-app",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)
django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

# The same bytes as the site's /bench/fixed-20k/ (cluster_cms.views.BENCH_PAGE).
PAGE = (
    "<!doctype html><html lang=en><title>Bench</title><h1>Fixed page</h1>"
    + "<p>Zhongshan lighting cluster, a fixed paragraph for benchmarks.</p>" * 300
)[:20_000]


def fixed_page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("bench/fixed-20k/", fixed_page)]
application = get_wsgi_application()
