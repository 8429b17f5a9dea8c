from core.i18n import written_languages
from core.sitemaps import ObjectSitemap

from .models import Page


class PageSitemap(ObjectSitemap):
    priority = 0.6

    def items(self):
        return Page.objects.published()

    def get_languages_for_item(self, item):
        # Each page in the languages its title is written in; a page with both
        # titles but one body is listed in both, the missing body marked.
        return written_languages(item, "title")
