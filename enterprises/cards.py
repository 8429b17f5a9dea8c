"""Enterprise cards and logos, drawn in Python.

A directory page shows twenty cards; drawn by a template include each, they cost
half the page's rendering time. One function draws every card (the directory's,
the search page's) and one every logo (cards, an enterprise's page), so their
markup exists once.
"""

import datetime
from collections.abc import Callable, Iterable
from operator import itemgetter
from typing import NamedTuple, Protocol

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from cluster_cms.i18n import in_reading_order, join_list

from .models import Enterprise, has_expired

# A card shows the start of the main products; the enterprise's page the rest.
PRODUCTS_SHOWN = 120


class Named(Protocol):
    """A town, category or certification: model or index entry alike."""

    @property
    def display_name(self) -> str: ...


class Card(NamedTuple):
    """What an enterprise's card shows besides the enterprise's own fields."""

    enterprise: Enterprise
    town: Named
    categories: Iterable[Named]
    # Each certification held, with its end date (None: no end).
    certificates: Iterable[tuple[Named, datetime.date | None]]

    @classmethod
    def of(cls, enterprise: Enterprise) -> "Card":
        """The card of an enterprise read with `Enterprise.objects.for_cards()`."""
        return cls(
            enterprise,
            enterprise.town,
            enterprise.categories.all(),
            [
                (held.certification, held.valid_until)
                for held in enterprise.held_certificates.all()
            ],
        )


def logo_html(enterprise: Enterprise, size: str, decorative: bool) -> SafeString:
    """The firm's logo, or its initials in the brand colours: never an empty box.

    `decorative` where the firm's name is already said beside it (cards).
    """
    if enterprise.logo:
        alt = (
            ""
            if decorative
            else gettext("Logo of %(name)s") % {"name": enterprise.name}
        )
        return format_html(
            '<img class="enterprise-logo enterprise-logo-{}" src="{}" alt="{}"'
            ' width="160" height="160">',
            size,
            enterprise.logo_small.url,
            alt,
        )
    if decorative:
        described = mark_safe(' aria-hidden="true"')
    else:
        described = format_html(
            ' role="img" aria-label="{}"',
            gettext("Initials of %(name)s (no logo yet)") % {"name": enterprise.name},
        )
    return format_html(
        '<span class="enterprise-monogram enterprise-logo-{} monogram-tone-{}"{}>'
        "{}</span>",
        size,
        enterprise.monogram_tone,
        described,
        enterprise.monogram,
    )


def cards_html(
    cards: Iterable[Card],
    *,
    heading: str,
    contact_url: Callable[[Enterprise], str],
    item: tuple[str, str] = ("", ""),
) -> SafeString:
    """The cards, each between `item`'s opening and closing tags.

    `contact_url(enterprise)` is the address of the message form about it.
    """
    # The same words on every card: translated once.
    words = {
        "member": gettext("Demonstration area member"),
        "synthetic": gettext("Synthetic example"),
        "products": gettext("Products:"),
        "certifications": gettext("Certifications:"),
        "expired": gettext("(expired)"),
        "contact": gettext("Contact this supplier"),
    }
    badges = {
        name: format_html(' · <span class="badge {}">{}</span>', style, words[name])
        for name, style in (
            ("member", "text-bg-warning"),
            ("synthetic", "text-bg-secondary"),
        )
    }
    contact_label = gettext("Contact this supplier: %(name)s")
    expired_mark = format_html(
        ' <span class="visually-hidden">{}</span>', words["expired"]
    )
    today = timezone.localdate()
    opening, closing = item
    drawn = []
    for enterprise, town, categories, certificates in cards:
        display_name = enterprise.display_name
        second_name = enterprise.second_name
        products = enterprise.main_products
        if len(products) > PRODUCTS_SHOWN:
            products = Truncator(products).chars(PRODUCTS_SHOWN)
        category_names = join_list(
            in_reading_order(category.display_name for category in categories)
        )
        held = in_reading_order(
            (
                (certification.display_name, valid_until)
                for certification, valid_until in certificates
            ),
            label=itemgetter(0),
        )
        drawn.append(
            format_html(
                # Newlines between the blocks: the text reads as in a template.
                "{}"
                '<article class="enterprise-card card">\n'
                '<div class="card-body enterprise-card-body">\n{}\n'
                '<div class="enterprise-card-text">\n'
                '<{} class="h5 card-title mb-1">'
                '<a class="stretched-link" href="{}">{}</a></{}>\n'
                "{}"
                '<p class="enterprise-meta small mb-2">{}{}{}</p>\n'
                "{}{}{}"
                '<p class="enterprise-card-action small mt-2 mb-0">'
                '<a href="{}" aria-label="{}">{}</a></p>\n'
                "</div>\n</div>\n</article>{}",
                mark_safe(opening),
                logo_html(enterprise, "small", decorative=True),
                heading,
                enterprise.get_absolute_url(),
                display_name,
                heading,
                format_html(
                    '<p class="mb-1" lang="{}">{}</p>\n',
                    enterprise.second_name_language,
                    second_name,
                )
                if second_name
                else "",
                town.display_name,
                badges["member"] if enterprise.is_member else "",
                badges["synthetic"] if enterprise.is_synthetic else "",
                format_html('<p class="small mb-1">{}</p>\n', products)
                if products
                else "",
                format_html(
                    '<p class="small mb-1"><span class="visually-hidden">{} </span>'
                    "{}</p>\n",
                    words["products"],
                    category_names,
                )
                if category_names
                else "",
                _certificates_html(held, words["certifications"], expired_mark, today),
                contact_url(enterprise),
                contact_label % {"name": display_name},
                words["contact"],
                mark_safe(closing),
            )
        )
    return mark_safe("".join(drawn))


def _certificates_html(
    held: list[tuple[str, datetime.date | None]],
    label: str,
    expired_mark: SafeString,
    today: datetime.date,
) -> SafeString | str:
    if not held:
        return ""
    tags = " ".join(
        f'<span class="cert-tag cert-expired">{escape(name)}{expired_mark}</span>'
        if has_expired(valid_until, today)
        else f'<span class="cert-tag">{escape(name)}</span>'
        for name, valid_until in held
    )
    return format_html(
        '<p class="small mb-0"><span class="visually-hidden">{} </span>{}</p>\n',
        label,
        mark_safe(tags),
    )
