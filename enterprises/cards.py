"""Enterprise cards and logos, drawn in Python.

A directory page shows twenty cards; drawn by a template include each, they cost
half the page's rendering time. One function draws every card (the directory's,
the search page's) and one every logo (cards, an enterprise's page), so their
markup exists once.
"""

import datetime
import html
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from cluster_cms.i18n import in_reading_order, is_chinese, join_list

from .models import Enterprise, has_expired, localized_name, other_name

# A card shows the start of the main products; the enterprise's page the rest.
PRODUCTS_SHOWN = 120


class Card(NamedTuple):
    """What an enterprise's card shows besides the enterprise's own fields: names
    in the reader's language, lists in the reader's order."""

    enterprise: Enterprise
    town: str
    categories: list[str]
    # Each certification held, with its end date (None: no end).
    certificates: list[tuple[str, datetime.date | None]]

    @classmethod
    def of(cls, enterprise: Enterprise) -> "Card":
        """The card of an enterprise read with `Enterprise.objects.for_cards()`."""
        return cls(
            enterprise,
            enterprise.town.display_name,
            in_reading_order(
                category.display_name for category in enterprise.categories.all()
            ),
            in_reading_order(
                (
                    (held.certification.display_name, held.valid_until)
                    for held in enterprise.held_certificates.all()
                ),
                label=itemgetter(0),
            ),
        )


def logo_html(enterprise: Enterprise, size: str, decorative: bool) -> SafeString:
    """The firm's logo, or its initials in the brand colours: never an empty box.

    `decorative` where the firm's name is already said beside it (cards).
    """
    if enterprise.logo:
        alt = "" if decorative else gettext("Logo of %(name)s")
        return mark_safe(
            f'<img class="enterprise-logo enterprise-logo-{_text(size)}"'
            f' src="{_text(enterprise.logo_small.url)}"'
            f' alt="{_text(alt % {"name": enterprise.name} if alt else "")}"'
            ' width="160" height="160">'
        )
    if decorative:
        described = ' aria-hidden="true"'
    else:
        label = gettext("Initials of %(name)s (no logo yet)")
        described = (
            f' role="img" aria-label="{_text(label % {"name": enterprise.name})}"'
        )
    return mark_safe(
        f'<span class="enterprise-monogram enterprise-logo-{_text(size)}'
        f' monogram-tone-{enterprise.monogram_tone}"{described}>'
        f"{_text(enterprise.monogram)}</span>"
    )


def cards_html(
    cards: Iterable[Card],
    *,
    heading: str,
    contact_url: Callable[[Enterprise], str],
    item: tuple[str, str] = ("", ""),
) -> SafeString:
    """The cards, each between `item`'s opening and closing tags (markup).

    `contact_url(enterprise)` is the address of the message form about it.
    """
    chinese = is_chinese()
    heading = _text(heading)
    # The same words on every card: translated once.
    member = gettext("Demonstration area member")
    synthetic = gettext("Synthetic example")
    badges = (
        (f' · <span class="badge text-bg-warning">{_text(member)}</span>'),
        (f' · <span class="badge text-bg-secondary">{_text(synthetic)}</span>'),
    )
    products_label = _text(gettext("Products:"))
    certifications_label = _text(gettext("Certifications:"))
    # Outside the f-string: makemessages does not look inside one.
    expired = _text(gettext("(expired)"))
    expired = f' <span class="visually-hidden">{expired}</span>'
    contact = _text(gettext("Contact this supplier"))
    contact_label = gettext("Contact this supplier: %(name)s")
    today = timezone.localdate()
    opening, closing = item
    drawn = []
    for enterprise, town, categories, certificates in cards:
        name, name_zh = enterprise.name, enterprise.name_zh
        leading = localized_name(name, name_zh, chinese)
        other, other_language = other_name(name, name_zh, chinese)
        products = enterprise.main_products
        if len(products) > PRODUCTS_SHOWN:
            products = Truncator(products).chars(PRODUCTS_SHOWN)
        # Newlines between the blocks: the text reads as a template's would.
        drawn += [
            opening,
            '<article class="enterprise-card card">\n'
            '<div class="card-body enterprise-card-body">\n',
            logo_html(enterprise, "small", decorative=True),
            '\n<div class="enterprise-card-text">\n'
            f'<{heading} class="h5 card-title mb-1"><a class="stretched-link"'
            f' href="{_text(enterprise.get_absolute_url())}">{_text(leading)}</a>'
            f"</{heading}>\n",
        ]
        if other:
            drawn.append(
                f'<p class="mb-1" lang="{other_language}">{_text(other)}</p>\n'
            )
        drawn += [
            f'<p class="enterprise-meta small mb-2">{_text(town)}',
            badges[0] if enterprise.is_member else "",
            badges[1] if enterprise.is_synthetic else "",
            "</p>\n",
        ]
        if products:
            drawn.append(f'<p class="small mb-1">{_text(products)}</p>\n')
        if categories:
            drawn.append(
                '<p class="small mb-1"><span class="visually-hidden">'
                f"{products_label} </span>{_text(join_list(categories))}</p>\n"
            )
        if certificates:
            tags = " ".join(
                f'<span class="cert-tag cert-expired">{_text(certification)}'
                f"{expired}</span>"
                if has_expired(valid_until, today)
                else f'<span class="cert-tag">{_text(certification)}</span>'
                for certification, valid_until in certificates
            )
            drawn.append(
                '<p class="small mb-0"><span class="visually-hidden">'
                f"{certifications_label} </span>{tags}</p>\n"
            )
        drawn += [
            '<p class="enterprise-card-action small mt-2 mb-0">'
            f'<a href="{_text(contact_url(enterprise))}"'
            f' aria-label="{_text(contact_label % {"name": leading})}">{contact}</a>'
            "</p>\n</div>\n</div>\n</article>",
            closing,
        ]
    return mark_safe("".join(drawn))


def _text(value) -> str:
    """Text made safe in markup, as templates escape it (Django's `escape`,
    without its lazy-string checks: every card calls this a dozen times)."""
    return html.escape(str(value))
