from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    # Each page once per language, each entry naming its other-language twin.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", "news:release_list", "contact"]

    def location(self, item):
        return reverse(item)
