from django.contrib.sitemaps import Sitemap

from .models import Release


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    # Every release in both languages (a Chinese page shows the English text,
    # marked, until its translation is written), each naming its twin.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Release.objects.published()

    def lastmod(self, item):
        return item.updated_at
