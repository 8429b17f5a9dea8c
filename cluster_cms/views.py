import logging
import sys

from django.contrib.auth import get_permission_codename
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, RedirectView, TemplateView

from .outage import RETRY_AFTER_SECONDS, database_is_unavailable

logger = logging.getLogger(__name__)


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

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if not self.object.is_public:
            add_never_cache_headers(response)
            response.headers["X-Robots-Tag"] = "noindex"
        return response


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
