from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
