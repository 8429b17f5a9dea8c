from django import template

from news.models import Release

register = template.Library()


@register.simple_tag
def latest_releases(count: int = 3):
    """The newest public releases, for the home page and other layouts."""
    return Release.objects.published().for_cards()[:count]
