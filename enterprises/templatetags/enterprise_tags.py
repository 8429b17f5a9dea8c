from django import template
from django.utils.formats import number_format

from core.i18n import is_chinese
from enterprises.cards import CARD_FIELDS, Card, card_context
from enterprises.facet_index import directory_index
from enterprises.models import Enterprise
from enterprises.stats import key_figures

register = template.Library()

FEATURED_COUNT = 4


@register.inclusion_tag("enterprises/_home_block.html")
def directory_highlights(count: int = FEATURED_COUNT):
    """The directory's key figures and a few featured enterprises, for the home page."""
    rows = (Enterprise.objects.published().filter(is_featured=True).only(*CARD_FIELDS))[
        :count
    ]
    # Their towns and categories come from the directory's index, as a
    # directory page's cards' do.
    return {"figures": key_figures(), "featured": directory_index().cards(list(rows))}


@register.inclusion_tag("enterprises/_card.html")
def enterprise_card(
    card: Card | Enterprise, contact_url: str, heading: str = "h2"
) -> dict:
    """An enterprise's card: a directory page's `Card`, or an enterprise read with
    `for_cards()`; `contact_url` is `{% contact_url enterprise %}`'s address."""
    if isinstance(card, Enterprise):
        card = Card.of(card)
    return card_context(card, heading=heading, contact_url=contact_url)


@register.inclusion_tag("enterprises/_logo.html")
def enterprise_logo(enterprise: Enterprise, size: str, decorative: bool) -> dict:
    """The firm's logo, or its initials where it has none."""
    return {"enterprise": enterprise, "size": size, "decorative": decorative}


@register.inclusion_tag("enterprises/_facet_select.html")
def facet_select(field, options, all_label: str) -> dict:
    """A facet's labelled <select>: "all" first, then each option with its count,
    an option matching none disabled; a bad value's error below it."""
    # Chinese text takes full-width brackets: 灯饰配件（8）.
    opening, closing = ("（", "）") if is_chinese() else (" (", ")")
    return {
        "field": field,
        "all_label": all_label,
        "opening": opening,
        "closing": closing,
        # (value, label, selected, matches none, count shown): unpacked by
        # the template's loop, the cheapest way to draw a hundred options.
        "options": [
            (
                option.value,
                option.label,
                option.selected,
                not option.count,
                # Below a thousand no language groups digits.
                option.count
                if option.count < 1000
                else number_format(option.count, 0, None, True),
            )
            for option in options
        ],
    }
