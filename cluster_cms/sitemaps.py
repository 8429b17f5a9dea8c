from django.contrib.sitemaps import Sitemap
from django.urls import reverse


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
