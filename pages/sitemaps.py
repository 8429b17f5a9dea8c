from cluster_cms.sitemaps import ObjectSitemap

from .models import Page


class PageSitemap(ObjectSitemap):
    # Listed in both languages: a Chinese page shows the English text, marked,
    # until its translation is written.
    priority = 0.6

    def items(self):
        return Page.objects.published()
