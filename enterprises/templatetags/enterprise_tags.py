from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.safestring import mark_safe

from contact.templatetags.contact_tags import contact_url
from enterprises.cards import Card, cards_html, logo_html
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


@register.simple_tag(takes_context=True)
def enterprise_cards(context, cards: list[Card], heading: str = "h2") -> str:
    """The directory's cards, each in a list item."""
    return cards_html(
        cards,
        heading=heading,
        contact_url=lambda enterprise: contact_url(context, enterprise),
        item=("<li>", "</li>"),
    )


@register.simple_tag(takes_context=True)
def enterprise_card(context, enterprise: Enterprise, heading: str = "h2") -> str:
    """One enterprise's card; `enterprise` comes from `for_cards()`."""
    return cards_html(
        [Card.of(enterprise)],
        heading=heading,
        contact_url=lambda enterprise: contact_url(context, enterprise),
    )


@register.simple_tag
def enterprise_logo(enterprise: Enterprise, size: str, decorative: bool) -> str:
    """The firm's logo, or its initials where it has none (see cards.logo_html)."""
    return logo_html(enterprise, size, decorative)


@register.simple_tag
def facet_options(options) -> str:
    """A facet's <option>s: each with its count; an option matching none disabled.

    Written in Python rather than a template loop: the export markets alone are
    over a hundred options on every directory page.
    """
    drawn = []
    for option in options:
        state = " selected" if option.selected else "" if option.count else " disabled"
        count = option.count
        # Below a thousand no language groups digits.
        shown = str(count) if count < 1000 else number_format(count, 0, None, True)
        drawn.append(
            f'<option value="{escape(option.value)}"{state}>'
            f"{escape(option.label)} ({shown})</option>"
        )
    return mark_safe("".join(drawn))
