"""The directory's search: what a buyer types finds what they expect."""

import pytest
from django.utils.text import slugify

from enterprises.models import (
    Certification,
    Enterprise,
    ProductCategory,
    Town,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/enterprises/"


@pytest.fixture
def directory(enterprise_factory):
    # The real names, which the migration may already have put in the lists.
    guzhen = _entry(Town, name="Guzhen", name_zh="古镇")
    henglan = _entry(Town, name="Henglan", name_zh="横栏")
    led = _entry(ProductCategory, name="LED lighting", name_zh="LED照明")
    chandeliers = _entry(ProductCategory, name="Chandeliers", name_zh="吊灯")
    ceiling = _entry(ProductCategory, name="Ceiling lights", name_zh="吸顶灯")
    ce = _entry(Certification, name="CE", name_zh="", full_name="CE marking")
    return {
        "led_panels": enterprise_factory(
            name="Bright Panels",
            description="Flat panels for offices.",
            town=henglan,
            categories=[led],
        ),
        "led_strips": enterprise_factory(
            name="Nova Strips",
            description="Flexible strips.",
            town=henglan,
            categories=[led],
            certifications=[ce],
        ),
        "crystal": enterprise_factory(
            name="Jade Crystal",
            name_zh="翡翠水晶灯饰",
            description="Hotel lobbies.",
            town=guzhen,
            categories=[chandeliers],
        ),
        "ceiling": enterprise_factory(
            name="Ledger Ceilings",
            description="Ceiling lights.",
            town=henglan,
            categories=[ceiling],
        ),
    }


def _entry(model, name, **fields):
    return model.objects.update_or_create(
        name=name, defaults={"slug": slugify(name), **fields}
    )[0]


def _found(client, query, list_url=LIST_URL) -> set[str]:
    response = client.get(list_url, {"q": query})
    assert response.status_code == 200
    return {card.enterprise.name for card in response.context["object_list"]}


# Not named `page`: that is Playwright's fixture, and would group these tests
# with the browser tests, after the database flushes they do.
@pytest.mark.parametrize("list_url", [LIST_URL, "/zh-hans/enterprises/"])
def test_what_a_buyer_types_finds_what_they_expect(client, directory, list_url):
    # LED: the whole LED-lighting category, not "Ledger".
    assert _found(client, "LED", list_url) == {"Bright Panels", "Nova Strips"}
    assert _found(client, "吊灯", list_url) == {"Jade Crystal"}
    assert _found(client, "chandelier", list_url) == {"Jade Crystal"}
    assert _found(client, "古镇", list_url) == {"Jade Crystal"}
    # CE: the certification, not "Ceiling".
    assert _found(client, "CE", list_url) == {"Nova Strips"}
    assert _found(client, "水晶灯饰", list_url) == {"Jade Crystal"}
    assert _found(client, "横栏 LED", list_url) == {"Bright Panels", "Nova Strips"}


def test_a_name_match_comes_first(client, directory, enterprise_factory):
    enterprise_factory(name="Aurora Works", description="Crystal chandeliers.")

    response = client.get(LIST_URL, {"q": "crystal"})

    names = [card.enterprise.name for card in response.context["object_list"]]
    assert names == ["Jade Crystal", "Aurora Works"]


def test_a_renamed_category_is_found_by_its_new_name(client, directory):
    category = directory["crystal"].categories.get()
    category.name_zh = "水晶吊灯"
    category.save()

    assert _found(client, "水晶吊灯") == {"Jade Crystal"}


def test_a_certificate_added_later_is_found(client, directory):
    ul = _entry(Certification, name="UL", name_zh="美国UL认证")
    directory["ceiling"].held_certificates.create(certification=ul)

    assert _found(client, "UL") == {"Ledger Ceilings"}
    assert _found(client, "认证") == {"Ledger Ceilings"}


def test_a_category_removed_is_no_longer_found(client, directory):
    directory["led_panels"].categories.clear()

    assert _found(client, "LED") == {"Nova Strips"}


def test_the_search_is_a_queryset_method_other_pages_can_call(directory):
    found = Enterprise.objects.published().search("吊灯")

    assert [enterprise.name for enterprise in found] == ["Jade Crystal"]
    assert not Enterprise.objects.search("   ").exists()
