from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.i18n import site_name

from .models import Release

FEED_LENGTH = 20


class LatestReleasesFeed(Feed):
    """RSS 2.0 feed of the latest public releases."""

    link = reverse_lazy("news:release_list")
    description = _("News releases of the Zhongshan lighting cluster.")

    def title(self):
        return _("%(site)s: news releases") % {"site": site_name()}

    def items(self):
        return Release.objects.published().select_related("category")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.release_time

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name] if item.category else []
