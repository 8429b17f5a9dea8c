"""What a buyer reads on an enterprise's card, in the directory and in search
results, in English and in Chinese."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import urlencode
from pytest_django.asserts import assertContains, assertNotContains

from contact.forms import sign_about

pytestmark = pytest.mark.django_db

LIST_URL = "/enterprises/"
CHINESE_LIST_URL = "/zh-hans/enterprises/"


@pytest.fixture
def radiant(
    enterprise_factory, town_factory, product_category_factory, certification_factory
):
    """A member firm with a Chinese name, three products and three marks, one of
    them expired."""
    today = timezone.localdate()
    return enterprise_factory(
        name="Radiant Lamps",
        name_zh="光辉灯饰",
        slug="radiant-lamps",
        town=town_factory(name="Lamp town", name_zh="灯镇"),
        is_member=True,
        main_products="Pendant lamps, " * 10,
        categories=[
            product_category_factory(name="Sample pendants", name_zh="吊灯样品"),
            product_category_factory(name="Sample downlights", name_zh="筒灯样品"),
            product_category_factory(
                name="Sample emergency lights", name_zh="应急灯样品"
            ),
        ],
        certifications=[
            certification_factory(name="CE test"),
            (
                certification_factory(name="UKCA test"),
                today + datetime.timedelta(days=30),
            ),
            (certification_factory(name="GS test"), today - datetime.timedelta(days=1)),
        ],
    )


def test_a_card_leads_with_the_english_name_and_marks_the_chinese_one(client, radiant):
    response = client.get(LIST_URL)

    assertContains(
        response,
        '<h2 class="h5 card-title mb-1"><a class="stretched-link"'
        ' href="/enterprises/radiant-lamps/">Radiant Lamps</a></h2>',
        html=True,
    )
    assertContains(response, '<p class="mb-1" lang="zh-hans">光辉灯饰</p>', html=True)


def test_a_chinese_card_leads_with_the_chinese_name_and_marks_the_english_one(
    client, radiant
):
    response = client.get(CHINESE_LIST_URL)

    assertContains(
        response,
        '<h2 class="h5 card-title mb-1"><a class="stretched-link"'
        ' href="/zh-hans/enterprises/radiant-lamps/">光辉灯饰</a></h2>',
        html=True,
    )
    assertContains(response, '<p class="mb-1" lang="en">Radiant Lamps</p>', html=True)


def test_a_firm_without_a_chinese_name_has_one_name_on_its_card(
    client, enterprise_factory
):
    plain = enterprise_factory(name="Plain Lighting")

    response = client.get(CHINESE_LIST_URL)

    assertContains(
        response,
        '<h2 class="h5 card-title mb-1"><a class="stretched-link" href="/zh-hans/'
        f'enterprises/{plain.slug}/">Plain Lighting</a></h2>',
        html=True,
    )
    assertNotContains(response, '<p class="mb-1" lang=')


def test_a_card_cuts_the_main_products_at_120_characters(client, radiant):
    response = client.get(LIST_URL)

    # The firm's page has them all.
    shown = ("Pendant lamps, " * 10)[:119] + "…"
    assertContains(response, f'<p class="small mb-1">{shown}</p>', html=True)


@pytest.mark.parametrize(
    ("url", "town_and_badge", "products"),
    [
        (
            LIST_URL,
            'Lamp town · <span class="badge text-bg-warning">'
            "Demonstration area member</span>",
            "Products: </span>"
            "Sample downlights, Sample emergency lights, Sample pendants",
        ),
        # By pinyin: diàodēng, tǒngdēng, yìngjídēng.
        (
            CHINESE_LIST_URL,
            '灯镇 · <span class="badge text-bg-warning">示范区企业</span>',
            "产品： </span>吊灯样品、筒灯样品、应急灯样品",
        ),
    ],
)
def test_a_card_names_town_membership_and_categories_in_the_readers_language(
    client, radiant, url, town_and_badge, products
):
    response = client.get(url)

    assertContains(
        response,
        f'<p class="enterprise-meta small mb-2">{town_and_badge}</p>',
        html=True,
    )
    assertContains(
        response,
        f'<p class="small mb-1"><span class="visually-hidden">{products}</p>',
        html=True,
    )


def test_a_card_marks_an_expired_certificate_to_the_eye_and_to_screen_readers(
    client, radiant
):
    response = client.get(LIST_URL)

    assertContains(
        response,
        '<p class="small mb-0"><span class="visually-hidden">Certifications: </span>'
        '<span class="cert-tag">CE test</span> '
        '<span class="cert-tag cert-expired">GS test <span class="visually-hidden">'
        "(expired)</span></span> "
        '<span class="cert-tag">UKCA test</span></p>',
        html=True,
    )


def test_a_chinese_card_marks_it_in_chinese(client, radiant):
    response = client.get(CHINESE_LIST_URL)

    assertContains(
        response,
        '<span class="cert-tag cert-expired">GS test <span class="visually-hidden">'
        "（已过期）</span></span>",
        html=True,
    )


def test_the_contact_link_carries_the_signed_firm_and_its_name_in_chinese(
    client, radiant
):
    listing = f"{CHINESE_LIST_URL}?member=yes"

    response = client.get(listing)

    query = urlencode({"about": sign_about(radiant), "next": listing})
    assertContains(
        response,
        f'<a href="/zh-hans/contact/?{query}" aria-label="联系该供应商：光辉灯饰">'
        "联系该供应商</a>",
        html=True,
    )


def test_a_search_result_is_the_same_card_under_a_lower_heading(client, radiant):
    response = client.get("/search/", {"q": "radiant"})

    assertContains(
        response,
        '<h3 class="h5 card-title mb-1"><a class="stretched-link"'
        ' href="/enterprises/radiant-lamps/">Radiant Lamps</a></h3>',
        html=True,
    )
    assertContains(
        response,
        '<span class="cert-tag cert-expired">GS test <span class="visually-hidden">'
        "(expired)</span></span>",
        html=True,
    )
    assertContains(response, '<p class="mb-1" lang="zh-hans">光辉灯饰</p>', html=True)
