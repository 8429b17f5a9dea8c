from django import template
from django.utils import timezone
from django.utils.translation import get_language

from core.i18n import shown_language
from news.models import Release

register = template.Library()


@register.inclusion_tag("news/_release_card.html")
def release_card(release: Release, heading: str = "h2") -> dict:
    """A release's card (home, news, related releases, search results)."""
    released = timezone.localtime(release.release_time)
    return {
        "release": release,
        "heading": heading,
        "page_language": get_language(),
        "title_language": shown_language(release, "title"),
        "summary_language": shown_language(release, "summary"),
        "released": released,
        "iso": released.replace(microsecond=0).isoformat(),
    }
