"""A buyer finds a supplier and reaches it, on a phone and on a desktop."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def supplier_site(
    live_server,
    enterprise_factory,
    release_factory,
    town_factory,
    product_category_factory,
    image_file,
):
    guzhen = town_factory(name="Guzhen town", name_zh="古镇", slug="guzhen-town")
    henglan = town_factory(name="Henglan town", name_zh="横栏", slug="henglan-town")
    floodlights = product_category_factory(
        name="Floodlights", name_zh="投光灯", slug="floodlights"
    )
    bright = enterprise_factory(
        name="Bright Floodlight Works",
        slug="bright-floodlight-works",
        town=guzhen,
        categories=[floodlights],
        description="Floodlight maker.",
        description_zh_hans="投光灯制造商。",
        main_products="100 W IP65 LED floodlights",
        main_products_zh_hans="100瓦IP65 LED投光灯",
        email="sales@bright.example.com",
        phone="+86 760 2222 3333",
        website="https://bright.example.com",
        logo=image_file("logo.png", "PNG", (300, 200)),
    )
    bright.photos.create(image=image_file(), image_alt="A floodlight on a mast")
    enterprise_factory(
        name="Henglan Floodlight Co.",
        slug="henglan-floodlight-co",
        town=henglan,
        categories=[floodlights],
        description="Floodlight maker.",
        description_zh_hans="投光灯制造商。",
    )
    release_factory(
        title="Floodlight exports grow",
        title_zh_hans="投光灯出口增长",
        summary="Floodlights sold abroad.",
    )
    return live_server.url


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=floodlight",
        "/search/",
        "/zh-hans/search/?q=投光灯",
        "/enterprises/bright-floodlight-works/",
        "/zh-hans/enterprises/henglan-floodlight-co/",
        "/enterprises/?q=floodlight",
    ],
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_search_and_supplier_pages_pass_the_wcag_aa_checks(
    page, supplier_site, path, viewport
):
    page.set_viewport_size(viewport)
    page.goto(supplier_site + path)

    results = Axe().run(page, options=WCAG_AA)

    assert results.violations_count == 0, results.generate_report()
