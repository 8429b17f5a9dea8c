from core.sitemaps import NamedPagesSitemap, ObjectSitemap

from .models import Enterprise


class EnterpriseSitemap(ObjectSitemap):
    priority = 0.6

    def items(self):
        # Thousands of entries: read only what the sitemap prints.
        return Enterprise.objects.published().only("slug", "updated_at").order_by("pk")


class DirectoryPageSitemap(NamedPagesSitemap):
    route_names = ["enterprises:enterprise_list", "enterprises:enterprise_overview"]
