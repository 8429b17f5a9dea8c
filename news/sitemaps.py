from cluster_cms.sitemaps import ObjectSitemap

from .models import Release


class ReleaseSitemap(ObjectSitemap):
    # A Chinese page shows the English text, marked, until its translation is
    # written: every release is listed in both languages.
    priority = 0.7

    def items(self):
        return Release.objects.published()
