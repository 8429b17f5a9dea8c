from cluster_cms.sitemaps import ObjectSitemap

from .models import Release


class ReleaseSitemap(ObjectSitemap):
    # A Chinese page shows the English text, marked, until its translation is
    # written: every release is listed in both languages.
    priority = 0.7

    def items(self):
        # Thousands of entries: read only what the sitemap prints.
        return Release.objects.published().only("slug", "updated_at")
