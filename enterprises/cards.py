"""Enterprise cards and logos, drawn in Python.

A directory page shows twenty cards; drawn by a template include each, they cost
half the page's rendering time. One function draws every card (the directory's,
the search page's) and one every logo (cards, an enterprise's page), so their
markup exists once.
"""

import datetime
import functools
import html
from operator import itemgetter
from typing import NamedTuple

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from core.i18n import in_reading_order, is_chinese, join_list

from .models import Enterprise, has_expired, localized_name, other_name

# A card shows the start of the main products; the enterprise's page the rest.
PRODUCTS_SHOWN = 120
# What a card shows of the enterprise's own row; its town and lists come from
# the directory's index. Descriptions are long and stay in the database.
CARD_FIELDS = (
    *("name", "name_zh", "slug", "is_member", "is_synthetic", "logo"),
    *("main_products", "main_products_en", "main_products_zh_hans"),
)


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
            f' alt="{_text(alt % {"name": enterprise.display_name} if alt else "")}"'
            ' width="160" height="160">'
        )
    if decorative:
        described = ' aria-hidden="true"'
    else:
        label = gettext("Initials of %(name)s (no logo yet)")
        described = (
            f' role="img"'
            f' aria-label="{_text(label % {"name": enterprise.display_name})}"'
        )
    return mark_safe(
        f'<span class="enterprise-monogram enterprise-logo-{_text(size)}'
        f' monogram-tone-{enterprise.monogram_tone}"{described}>'
        f"{_text(enterprise.monogram)}</span>"
    )


def card_html(card: Card, *, heading: str, contact_url: str) -> SafeString:
    """An enterprise's card under a `heading` ("h2", "h3"); `contact_url` is the
    address of the message form about the firm."""
    enterprise, town, categories, certificates = card
    words = _card_words(get_language())
    name, name_zh = enterprise.name, enterprise.name_zh
    chinese = is_chinese()
    leading = localized_name(name, name_zh, chinese)
    other, other_language = other_name(name, name_zh, chinese)
    products = enterprise.main_products or ""
    if len(products) > PRODUCTS_SHOWN:
        products = Truncator(products).chars(PRODUCTS_SHOWN)
    heading = _text(heading)
    # Newlines between the blocks: the text reads as a template's would.
    drawn = [
        '<article class="enterprise-card card">\n'
        '<div class="card-body enterprise-card-body">\n',
        logo_html(enterprise, "small", decorative=True),
        '\n<div class="enterprise-card-text">\n'
        f'<{heading} class="h5 card-title mb-1"><a class="stretched-link"'
        f' href="{_text(enterprise.get_absolute_url())}">{_text(leading)}</a>'
        f"</{heading}>\n",
    ]
    if other:
        drawn.append(f'<p class="mb-1" lang="{other_language}">{_text(other)}</p>\n')
    drawn += [
        f'<p class="enterprise-meta small mb-2">{_text(town)}',
        words.member if enterprise.is_member else "",
        words.synthetic if enterprise.is_synthetic else "",
        "</p>\n",
    ]
    if products:
        drawn.append(f'<p class="small mb-1">{_text(products)}</p>\n')
    if categories:
        drawn.append(
            '<p class="small mb-1"><span class="visually-hidden">'
            f"{words.products} </span>{_text(join_list(categories))}</p>\n"
        )
    if certificates:
        today = timezone.localdate()
        tags = " ".join(
            f'<span class="cert-tag cert-expired">{_text(certification)}'
            f"{words.expired}</span>"
            if has_expired(valid_until, today)
            else f'<span class="cert-tag">{_text(certification)}</span>'
            for certification, valid_until in certificates
        )
        drawn.append(
            '<p class="small mb-0"><span class="visually-hidden">'
            f"{words.certifications} </span>{tags}</p>\n"
        )
    label = _text(words.contact_label % {"name": leading})
    drawn.append(
        '<p class="enterprise-card-action small mt-2 mb-0">'
        f'<a href="{_text(contact_url)}" aria-label="{label}">{words.contact}</a>'
        "</p>\n</div>\n</div>\n</article>"
    )
    return mark_safe("".join(drawn))


class _CardWords(NamedTuple):
    """A card's fixed words in one language, as markup (the label: a pattern)."""

    member: str
    synthetic: str
    products: str
    certifications: str
    expired: str
    contact: str
    contact_label: str


@functools.cache
def _card_words(language: str | None) -> _CardWords:
    """The words every card repeats, translated once per language and worker."""
    member = _text(gettext("Demonstration area member"))
    synthetic = _text(gettext("Synthetic example"))
    expired = _text(gettext("(expired)"))
    return _CardWords(
        member=f' · <span class="badge text-bg-warning">{member}</span>',
        synthetic=f' · <span class="badge text-bg-secondary">{synthetic}</span>',
        products=_text(gettext("Products:")),
        certifications=_text(gettext("Certifications:")),
        expired=f' <span class="visually-hidden">{expired}</span>',
        contact=_text(gettext("Contact this supplier")),
        contact_label=gettext("Contact this supplier: %(name)s"),
    )


def _text(value) -> str:
    """Text made safe in markup, as templates escape it (Django's `escape`,
    without its lazy-string checks: every card calls this a dozen times)."""
    return html.escape(str(value))
