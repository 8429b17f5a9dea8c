"""The header and footer every public page shares, drawn once per cache version
and language (pages.layout), with only what differs per page filled in."""

import datetime

from django import template
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from caching import page_cache

register = template.Library()
# What this worker drew at the current version: {(fragment, language, ...): html}.
_drawn = page_cache.Held("pages:drawn-layout", dict)
# Where each page's own links to its other language versions go in the header.
LANGUAGE_LINKS = mark_safe("<!--language-links-->")


@register.simple_tag(takes_context=True)
def site_header(context, language_versions: list[dict]) -> SafeString:
    """The header, its menu marking the page's own section or menu page."""
    layout = context["layout"]
    drawn = _drawn.get() if layout.is_read else {}
    language = get_language()
    nav_section = context.get("nav_section", "")
    urls_key = ("header-urls", language)
    if urls_key not in drawn:
        drawn[urls_key] = {page.get_absolute_url() for page in layout.header_pages}
    path = context["request"].path
    current_path = path if path in drawn[urls_key] else ""
    key = ("header", language, nav_section, current_path)
    if key not in drawn:
        drawn[key] = render_to_string(
            "includes/_header.html",
            {
                "site_name": layout.settings.shown_site_name,
                "nav_section": nav_section,
                "menu_pages": layout.header_pages,
                "current_path": current_path,
                "language_links": LANGUAGE_LINKS,
            },
        )
    links = get_template("includes/_language_links.html").render(
        {"language_versions": language_versions}
    )
    return mark_safe(drawn[key].replace(LANGUAGE_LINKS, links, 1))


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    """The footer: the editors' contacts and menu, the same on every page."""
    layout = context["layout"]
    drawn = _drawn.get() if layout.is_read else {}
    year = datetime.date.today().year
    key = ("footer", get_language(), year)
    if key not in drawn:
        drawn[key] = render_to_string(
            "includes/_footer.html",
            {
                "site_name": layout.settings.shown_site_name,
                "site_settings": layout.settings,
                "menu_pages": layout.footer_pages,
                "current_year": year,
            },
        )
    return drawn[key]
