"""Template tags for the site's two languages: the switcher, hreflang, fallbacks."""

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info, override

from core import i18n
from core.log_messages import change_message_text

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context) -> list[dict]:
    """This page in every language: code, local name, address, absolute address.

    Plain links (not Django's set_language POST form) work without JavaScript and
    keep pages cacheable; the query string (search, filter, page) is kept. A view
    whose content exists in some languages only puts them in `page_languages`:
    the others are marked `exists: False` (no hreflang is given for them).
    """
    request = context["request"]
    existing = context.get("page_languages") or [
        code for code, _name in settings.LANGUAGES
    ]
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
                "exists": code in existing,
            }
        )
    for version in versions:
        # x-default: the default language's page, when it exists (as the sitemap).
        version["is_x_default"] = version["is_default"] and version["exists"]
    return versions


@register.simple_tag
def written_languages(instance, field_name: str) -> list[str]:
    """The languages a translated field is written in (see core.i18n)."""
    return i18n.written_languages(instance, field_name)


@register.simple_tag
def shown_language(instance, field_name: str) -> str:
    """The language of the text shown for a translated field (see core.i18n)."""
    return i18n.shown_language(instance, field_name)


@register.simple_tag
def colon() -> str:
    """`Label{% colon %}value`: 发布时间：2017年12月21日 / Release Time: 2017-12-21."""
    return i18n.colon()


@register.simple_tag
def sentence_gap() -> str:
    """Between two sentences: a space in English, none after a Chinese "。"."""
    return "" if i18n.is_chinese() else " "


@register.filter
def join_names(items) -> str:
    """Names joined in the reader's punctuation and order (古镇、横栏): each item's
    `display_name` when it has one, else its text."""
    names = [getattr(item, "display_name", item) for item in items]
    return i18n.join_list(i18n.in_reading_order(names))


@register.filter
def in_reading_order(items, attribute: str = "display_name") -> list:
    """Items sorted by an attribute (dotted: "country.name") in the reader's
    order: pinyin on Chinese pages, alphabetical on English ones."""

    def label(item):
        for part in attribute.split("."):
            item = getattr(item, part)
        return item

    return i18n.in_reading_order(items, label)


@register.filter
def change_message(stored: str) -> str:
    """An admin log message (a history's "Changed title and body") in the
    reader's language, the columns of each language named in it too."""
    return change_message_text(stored or "")
