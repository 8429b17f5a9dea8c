"""Template tags for the site's two languages: the switcher, hreflang, fallbacks."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

from cluster_cms import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """This page in every language: code, local name, address, absolute address.

    Plain links (not Django's set_language POST form) work without JavaScript and
    keep pages cacheable; the query string (search, filter, page) is kept.
    """
    request = context["request"]
    current = get_language()
    try:
        origin = request.build_absolute_uri("/")[:-1]
    except DisallowedHost:
        # The 400 page for a forged Host header must still render.
        origin = ""
    path = request.get_full_path()
    versions = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and (url == path or context.get("not_found")):
            # Not one of our pages (a 404): offer the home page in that language.
            with override(code):
                url = reverse("home")
        versions.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                # Search engines get the page itself, not whatever query it was
                # reached with.
                "absolute_url": origin + url.split("?", 1)[0],
                "is_current": code == current,
                "is_default": code == settings.LANGUAGE_CODE,
            }
        )
    return versions


@register.simple_tag
def shown_language(instance, field_name: str) -> str:
    """The language of the text shown for a translated field (see cluster_cms.i18n)."""
    return i18n.shown_language(instance, field_name)
