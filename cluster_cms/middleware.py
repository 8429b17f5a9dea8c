import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from log_request_id.middleware import RequestIDMiddleware as LibraryRequestIDMiddleware

# What an id from our own proxy looks like (nginx's $request_id is 32 hex digits):
# nothing that could break or forge a log line.
PROXY_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestIDMiddleware(LibraryRequestIDMiddleware):
    """Give every request an id of our own, for its log lines and its response.

    A client's X-Request-ID is never believed: it would let anyone write into
    our logs, or give their requests the id of someone else's. The proxy's id is
    taken only when CLUSTER_REQUEST_ID_FROM_PROXY says a proxy overwrites the
    header, and only if it looks like an id.
    """

    def _get_request_id(self, request: HttpRequest) -> str:
        if settings.CLUSTER_REQUEST_ID_FROM_PROXY:
            given = request.META.get("HTTP_X_REQUEST_ID", "")
            if PROXY_REQUEST_ID.fullmatch(given):
                return given
        return self._generate_id()


def _is_admin(request: HttpRequest) -> bool:
    return request.path_info.startswith("/" + settings.CLUSTER_ADMIN_PATH)


class LanguageMiddleware:
    """Choose the language of each request, replacing Django's LocaleMiddleware.

    Public pages take it from the address alone: `/zh-hans/...` is Chinese,
    anything else English, whatever the browser asks for. A visitor is never
    redirected on a guess, and a page never varies on Accept-Language, so caches
    keep one copy per address. The admin follows the editor: the language cookie
    (Django's `set_language`), then the browser's Accept-Language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _is_admin(request):
            language = translation.get_language_from_request(request)
        else:
            language = (
                translation.get_language_from_path(request.path_info)
                or settings.LANGUAGE_CODE
            )
        # Scoped to the request, so the language never leaks into whatever the
        # thread does next (a test, a management task).
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if _is_admin(request):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
