from core.i18n import written_languages
from core.sitemaps import ObjectSitemap

from .models import Release


class ReleaseSitemap(ObjectSitemap):
    priority = 0.7

    def items(self):
        # Thousands of entries: read only what the sitemap prints.
        return Release.objects.published().only(
            "slug", "updated_at", "title_en", "title_zh_hans"
        )

    def get_languages_for_item(self, item):
        # Each release in the languages it is written in (its title's), each
        # address naming the other; a release in one language lists one address.
        return written_languages(item, "title")
