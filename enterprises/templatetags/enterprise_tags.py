from html import escape

from django import template
from django.utils.formats import number_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from core.i18n import is_chinese
from enterprises.cards import CARD_FIELDS, Card, card_html, logo_html
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


@register.simple_tag
def enterprise_card(
    card: Card | Enterprise, contact_url: str, heading: str = "h2"
) -> str:
    """An enterprise's card: a directory page's `Card`, or an enterprise read with
    `for_cards()`; `contact_url` is `{% contact_url enterprise %}`'s address."""
    if isinstance(card, Enterprise):
        card = Card.of(card)
    return card_html(card, heading=heading, contact_url=contact_url)


@register.simple_tag
def enterprise_logo(enterprise: Enterprise, size: str, decorative: bool) -> str:
    """The firm's logo, or its initials where it has none (see cards.logo_html)."""
    return logo_html(enterprise, size, decorative)


@register.simple_tag
def facet_select(field, options, all_label: str) -> str:
    """A facet's labelled <select>: "all" first, then each option with its count,
    an option matching none disabled; a bad value's error below it.

    Written in Python rather than a template: the export markets alone are over
    a hundred options, and five facets on every directory page.
    """
    id_ = escape(field.id_for_label)
    errors = field.errors
    invalid = " is-invalid" if errors else ""
    described = f' aria-describedby="{id_}_error"' if errors else ""
    drawn = [
        f'<div class="mb-3">\n<label class="form-label" for="{id_}">'
        f"{escape(str(field.label))}</label>\n"
        f'<select class="form-select{invalid}" name="{escape(field.html_name)}"'
        f' id="{id_}"{described}>\n'
        f'<option value="">{conditional_escape(all_label)}</option>'
    ]
    # Chinese text takes full-width brackets: 灯饰配件（8）.
    opening, closing = ("（", "）") if is_chinese() else (" (", ")")
    for option in options:
        state = " selected" if option.selected else "" if option.count else " disabled"
        count = option.count
        # Below a thousand no language groups digits.
        shown = str(count) if count < 1000 else number_format(count, 0, None, True)
        drawn.append(
            f'<option value="{escape(option.value)}"{state}>'
            f"{escape(option.label)}{opening}{shown}{closing}</option>"
        )
    drawn.append("\n</select>\n")
    if errors:
        drawn.append(
            f'<div class="invalid-feedback" id="{id_}_error">'
            f"{' '.join(escape(str(error)) for error in errors)}</div>\n"
        )
    drawn.append("</div>")
    return mark_safe("".join(drawn))
