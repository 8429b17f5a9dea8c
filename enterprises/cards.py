"""What an enterprise's card shows, for templates/enterprises/_card.html (the
directory's cards, the home page's featured firms, the search page's)."""

import datetime
from operator import itemgetter
from typing import NamedTuple

from django.utils import timezone
from django.utils.text import Truncator

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


def card_context(card: Card, *, heading: str, contact_url: str) -> dict:
    """What templates/enterprises/_card.html shows of a card, in the reader's
    language: text only, escaped where the template writes it."""
    enterprise, town, categories, certificates = card
    name, name_zh = enterprise.name, enterprise.name_zh
    chinese = is_chinese()
    other, other_language = other_name(name, name_zh, chinese)
    products = enterprise.main_products or ""
    if len(products) > PRODUCTS_SHOWN:
        products = Truncator(products).chars(PRODUCTS_SHOWN)
    today = timezone.localdate()
    return {
        "enterprise": enterprise,
        "heading": heading,
        "leading": localized_name(name, name_zh, chinese),
        "other": other,
        "other_language": other_language,
        "town": town,
        "products": products,
        "categories": join_list(categories),
        "certificates": [
            (certification, has_expired(valid_until, today))
            for certification, valid_until in certificates
        ],
        "contact_url": contact_url,
    }
