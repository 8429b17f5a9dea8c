from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    # Each page in both languages (the Chinese one shows the English text,
    # marked, until its translation is written), each naming its twin.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.published()

    def lastmod(self, item):
        return item.updated_at
