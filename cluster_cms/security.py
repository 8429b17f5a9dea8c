"""The piece of the Content-Security-Policy that needs our code."""

from django.http import HttpRequest
from django.template.response import TemplateResponse


class FormMediaNonceMiddleware:
    """Give the admin's form media the request's CSP nonce.

    django-prose-editor loads its modules through an import map, an inline
    `<script type="importmap">` that a strict `script-src` only runs with a nonce.
    Its media (a `js_asset.Media`) renders the nonce it carries, but the admin
    renders `{{ media }}` without knowing the request; this hands it over for
    every admin page, whichever model uses the editor.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        context = response.context_data or {}
        media = context.get("media")
        nonce = getattr(request, "csp_nonce", None)
        if nonce is not None and hasattr(media, "with_nonce"):
            context["media"] = media.with_nonce(nonce)
        return response

