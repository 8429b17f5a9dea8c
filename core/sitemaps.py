"""The sitemap: an index of sections, each holding at most 5,000 addresses."""

import math

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

# Django's escape, as templates use: quotes too, as addresses sit in attributes.
from django.utils.html import escape


class BilingualSitemap(Sitemap):
    """Each page once per language, each entry naming its other-language twin."""

    i18n = True
    alternates = True
    x_default = True


class ObjectSitemap(BilingualSitemap):
    """Public objects of one kind, dated by their last change."""

    changefreq = "monthly"

    def lastmod(self, item):
        return item.updated_at


class NamedPagesSitemap(BilingualSitemap):
    """Pages without an object, listed by their route names."""

    changefreq = "daily"
    priority = 0.8
    route_names: list[str] = []

    def items(self):
        return self.route_names

    def location(self, item):
        return reverse(item)


class StaticPageSitemap(NamedPagesSitemap):
    route_names = ["home", "news:release_list", "contact"]


# At most this many addresses (<url> entries) in one section of the sitemap; each
# page gives one per language, so a section holds this many over two pages.
ADDRESSES_PER_SECTION = 5_000
# A sitemap index lists at most 50,000 sitemaps (sitemaps.org), so no section
# number is above it; a larger one is a 404 before it reaches the database.
MAX_SECTIONS = 50_000
URLSET = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
    'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def xml_header() -> str:
    """The XML declaration and the stylesheet that shows the sitemap as a page to
    a person who opens it in a browser (static/xsl/sitemap.xsl); search engines
    ignore it."""
    return render_to_string("_sitemap_head.xml")


def localized_path(path: str, language: str) -> str:
    """An English page's path in `language` (English pages have no prefix)."""
    if language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def _pages_per_section() -> int:
    return ADDRESSES_PER_SECTION // len(settings.LANGUAGES)


def _section_count(sitemap: Sitemap) -> int:
    items = sitemap.items()
    count = items.count() if isinstance(items, QuerySet) else len(items)
    return max(1, math.ceil(count / _pages_per_section()))


def index(request: HttpRequest, sitemaps: dict[str, type[Sitemap]]) -> HttpResponse:
    """/sitemap.xml: the list of sections (one count query per queryset)."""
    origin = request.build_absolute_uri("/")[:-1]
    addresses = [
        origin + reverse("sitemap_section", kwargs={"section": name, "number": n})
        for name, sitemap in sitemaps.items()
        for n in range(1, _section_count(sitemap()) + 1)
    ]
    # Without the request: the layout's context processors have nothing to add.
    return HttpResponse(
        render_to_string("sitemap_index.xml", {"addresses": addresses}),
        content_type="application/xml",
    )


def section(
    request: HttpRequest, sitemaps: dict[str, type[Sitemap]], section: str, number: int
) -> HttpResponse:
    """One section: its pages in every language, each naming its twins (one query).

    Written out in Python rather than through Django's sitemap template: its
    per-address template and language overrides took about a second for 4,000
    addresses.
    """
    if section not in sitemaps or not 1 <= number <= MAX_SECTIONS:
        raise Http404("No such sitemap section.")
    sitemap = sitemaps[section]()
    per_section = _pages_per_section()
    start = (number - 1) * per_section
    items = list(sitemap.items()[start : start + per_section])
    if not items and number != 1:
        raise Http404("No such sitemap section.")
    origin = escape(request.build_absolute_uri("/")[:-1])
    languages = [code for code, _name in settings.LANGUAGES]
    lastmod = getattr(sitemap, "lastmod", None)
    fixed = (
        f"<changefreq>{sitemap.changefreq}</changefreq>"
        f"<priority>{sitemap.priority}</priority>"
    )
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in items:
            path = escape(sitemap.location(item))
            # An entry written in one language has one address.
            written = sitemap.get_languages_for_item(item)
            addresses = {
                code: origin + localized_path(path, code)
                for code in languages
                if code in written
            }
            default = addresses.get(settings.LANGUAGE_CODE) or next(
                iter(addresses.values())
            )
            alternates = (
                "".join(
                    f'<xhtml:link rel="alternate" hreflang="{code}" href="{address}"/>'
                    for code, address in addresses.items()
                )
                + f'<xhtml:link rel="alternate" hreflang="x-default" href="{default}"/>'
            )
            modified = (
                f"<lastmod>{timezone.localdate(lastmod(item)).isoformat()}</lastmod>"
                if lastmod is not None
                else ""
            )
            entries += [
                f"<url><loc>{address}</loc>{modified}{fixed}{alternates}</url>"
                for address in addresses.values()
            ]
    return HttpResponse(
        xml_header() + URLSET + "\n".join(entries) + "\n</urlset>\n",
        content_type="application/xml",
    )
