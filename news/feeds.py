from django.contrib.syndication.views import Feed
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils.feedgenerator import Rss201rev2Feed, Stylesheet
from django.utils.translation import gettext_lazy as _

from core.i18n import site_name

from .models import Release

FEED_LENGTH = 20


class BrowsableRssFeed(Rss201rev2Feed):
    """RSS 2.0 sent as `application/xml`: browsers show `application/rss+xml` as
    plain text and apply the feed's stylesheet only to an XML type, while feed
    readers read the same XML under either."""

    content_type = "application/xml; charset=utf-8"


class LatestReleasesFeed(Feed):
    """RSS 2.0 feed of the latest public releases."""

    feed_type = BrowsableRssFeed
    link = reverse_lazy("news:release_list")
    description = _("News releases of the Zhongshan lighting cluster.")

    def stylesheets(self):
        # A reader who opens the feed in a browser sees a page, in the feed's
        # language, rather than raw XML (static/xsl/feed.xsl).
        return [Stylesheet(static("xsl/feed.xsl"), mimetype="text/xsl")]

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
