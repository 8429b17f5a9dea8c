from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Enterprise


class EnterpriseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    # Each page in both languages, each entry naming its twin.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        # Thousands of entries: read only what the sitemap prints.
        return Enterprise.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DirectoryPageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["enterprises:enterprise_list", "enterprises:enterprise_overview"]

    def location(self, item):
        return reverse(item)
