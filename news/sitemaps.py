from django.contrib.sitemaps import Sitemap

from cluster_cms.i18n import written_languages

from .models import Release


class ReleaseSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7
    # Each release in the languages it is written in (its title's), each
    # address naming the other; a release in one language lists one address.
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Release.objects.published()

    def lastmod(self, item):
        return item.updated_at

    def get_languages_for_item(self, item):
        return written_languages(item, "title")
