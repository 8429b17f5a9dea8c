from django import template
from django.utils.formats import number_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

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


@register.simple_tag
def facet_options(options) -> str:
    """A facet's <option>s: each with its count; an option matching none disabled.

    Written in Python rather than a template loop: the export markets alone are
    over a hundred options on every directory page.
    """
    return format_html_join(
        "",
        '<option value="{}"{}>{} ({})</option>',
        (
            (
                option.value,
                mark_safe(" selected")
                if option.selected
                else mark_safe(" disabled")
                if not option.count
                else "",
                option.label,
                number_format(option.count, 0, force_grouping=True),
            )
            for option in options
        ),
    )
