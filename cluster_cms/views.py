import logging
import sys

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView, TemplateView

from core.outage import RETRY_AFTER_SECONDS, database_is_unavailable

logger = logging.getLogger(__name__)


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


class FaviconView(RedirectView):
    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        # Resolved per request: hashed static names exist only after collectstatic.
        return static("img/favicon.svg")


# No error page takes Django's requires_csrf_token: on a POST it checks the token
# by parsing the body, which must not be needed to show an error about a body that
# cannot be parsed (a non-UTF-8 form). Their layout holds no form that needs a token.


def bad_request(request, exception, template_name="400.html"):
    return render(request, template_name, status=400)


def page_not_found(request, exception, template_name="404.html"):
    # The language links lead home: the address may exist in no language.
    return render(request, template_name, {"not_found": True}, status=404)


def server_error(request, template_name="500.html"):
    # Django's default renders without the request, which would leave the site's
    # layout without its context; nothing here touches the database.
    if database_is_unavailable(sys.exception()):
        # Not a bug: the database is down or busy. Say so, and when to come back.
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(request, template_name, status=500)


def csrf_failure(request, reason=""):
    """Refuse a POST without a valid CSRF token, in the site's layout."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitors: 200 while the database answers, else 503.

    It reads neither session nor user, so probes write nothing and set no cookie.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")


BENCH_PAGE = (
    "<!doctype html><html lang=en><title>Bench</title><h1>Fixed page</h1>"
    + "<p>Zhongshan lighting cluster, a fixed paragraph for benchmarks.</p>" * 300
)[:20_000]


@never_cache
def bench_fixed_page(request: HttpRequest) -> HttpResponse:
    """A fixed 20 KB page: what the whole Django stack costs with no work to do."""
    return HttpResponse(BENCH_PAGE)
