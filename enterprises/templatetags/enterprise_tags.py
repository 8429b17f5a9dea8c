from django import template

from enterprises.models import Enterprise
from enterprises.stats import key_figures

register = template.Library()

FEATURED_COUNT = 4


@register.inclusion_tag("enterprises/_home_block.html")
def directory_highlights(count: int = FEATURED_COUNT):
    """The directory's key figures and a few featured enterprises, for the home page."""
    featured = (
        Enterprise.objects.published()
        .filter(is_featured=True)
        .select_related("town")
        .prefetch_related("categories")[:count]
    )
    return {"figures": key_figures(), "featured": featured}
