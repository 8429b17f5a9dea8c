from django.contrib.sitemaps import Sitemap

from .models import Release


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return Release.objects.published()

    def lastmod(self, item):
        return item.updated_at
