"""Cached enterprise pages show an approved change at once, and not before."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from suppliers import services
from suppliers.models import ListingChange
from tests.support.layout import VERSION_QUERIES

# Committed: the page cache is cleared when the approval commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_always(page_cache_on):
    """Every test here runs with the page cache on (tests/conftest.py)."""


def test_an_approved_change_replaces_the_cached_page(
    client, firm, representative_factory, admin_user, django_assert_num_queries
):
    user = representative_factory(firm)
    client.get(firm.get_absolute_url())
    with django_assert_num_queries(VERSION_QUERIES):
        client.get(firm.get_absolute_url())  # served from the cache

    change = services.change_submit(
        change=ListingChange(
            enterprise=firm,
            **(services.live_values(firm) | {"description_en": "Now with high bays."}),
        ),
        user=user,
    )
    assertNotContains(client.get(firm.get_absolute_url()), "high bays")

    services.change_approve(change=change, editor=admin_user)
    assertContains(client.get(firm.get_absolute_url()), "Now with high bays.")
