"""A buyer finds a supplier and reaches it, on a phone and on a desktop."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from captcha.models import CaptchaStore
from playwright.sync_api import expect

from contact.models import Message

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


LABELS = {
    "en": {
        "prefix": "",
        "query": "floodlight",
        "release": "Floodlight exports grow",
        "search_box": "Search news and enterprises",
        "see_all": re.compile(r"See all 2 in the directory"),
        "town": "Town",
        "show": "Show enterprises",
        "contact": "Contact this supplier",
        "about": "Your message is about:",
        "thanks": "Thank you: your message has been sent.",
    },
    "zh-hans": {
        "prefix": "/zh-hans",
        "query": "投光灯",
        "release": "投光灯出口增长",
        "search_box": "搜索新闻和企业",
        "see_all": re.compile(r"在企业名录中查看全部 2 家"),
        "town": "镇区",
        "show": "显示企业",
        "contact": "联系该供应商",
        "about": "您的留言涉及：",
        "thanks": "谢谢！您的留言已发送",
    },
}


def find_then_contact(page, site: str, language: str, *, javascript: bool = True):
    """Search from the header, filter, open a supplier, write and press Enter."""
    labels = LABELS[language]
    page.goto(site + labels["prefix"] + "/")
    box = page.get_by_role("searchbox", name=labels["search_box"]).first
    if not box.is_visible():
        # On a phone the search box sits in the folded menu.
        page.locator("details:has(#site-search-q) > summary").click()
    box.fill(labels["query"])
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q="))
    results = page.get_by_role("main")
    expect(
        results.get_by_role("link", name="Bright Floodlight Works", exact=True)
    ).to_be_visible()
    expect(results.get_by_role("link", name=labels["release"])).to_be_visible()

    page.get_by_role("link", name=labels["see_all"]).click()
    # Its script filters as soon as a town is chosen: wait until it has run.
    page.wait_for_url(re.compile(r"/enterprises/\?q="), wait_until="load")
    town = page.get_by_label(labels["town"])
    if not town.is_visible():
        # On a phone the filters may sit in a folded panel.
        page.locator("details:has(select[name=town]) > summary").click()
    town.select_option("guzhen-town")
    if not javascript:
        page.get_by_role("button", name=labels["show"]).click()
    page.wait_for_url(re.compile(r"town=guzhen-town"))
    expect(
        page.get_by_role("link", name="Henglan Floodlight Co.", exact=True)
    ).to_have_count(0)

    page.get_by_role("link", name="Bright Floodlight Works", exact=True).click()
    enterprise_url = page.url
    assert enterprise_url.endswith("/enterprises/bright-floodlight-works/")
    page.get_by_role("link", name=labels["contact"]).first.click()

    form = page.locator("main form[data-contact-form]")
    expect(form.get_by_text(labels["about"])).to_be_visible()
    expect(
        form.get_by_role("link", name="Bright Floodlight Works", exact=True)
    ).to_be_visible()
    form.locator("input[name=name]").fill("Anna Schmidt")
    form.locator("input[name=email]").fill("anna@buyer.example.com")
    form.locator("textarea[name=body]").fill("2,000 floodlights, 100 W, IP65, please.")
    key = form.locator("input[name=captcha_0]").input_value()
    answer = form.locator("input[name=captcha_1]")
    answer.fill(CaptchaStore.objects.get(hashkey=key).response)
    answer.press("Enter")

    page.wait_for_url(enterprise_url)
    expect(page.get_by_text(labels["thanks"])).to_be_visible()
    message = Message.objects.get()
    assert message.about.slug == "bright-floodlight-works"
    assert message.body == "2,000 floodlights, 100 W, IP65, please."


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_buyer_finds_a_supplier_and_sends_it_a_message_with_enter(
    page, supplier_site, language, viewport
):
    page.set_viewport_size(viewport)

    find_then_contact(page, supplier_site, language)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_same_journey_works_without_javascript(browser, supplier_site, language):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()

    find_then_contact(page, supplier_site, language, javascript=False)

    context.close()


def test_enter_in_the_code_field_never_asks_for_a_new_code(page, supplier_site):
    """Pressing Enter before typing the code shows the browser's own "fill in
    this field" and keeps the code: nothing is lost, nothing is sent."""
    page.goto(supplier_site + "/contact/")
    key = page.locator("input[name=captcha_0]").input_value()
    page.locator("input[name=name]").fill("Anna Schmidt")

    page.locator("input[name=name]").press("Enter")

    assert page.locator("input[name=captcha_0]").input_value() == key
    assert page.locator("input[name=name]").input_value() == "Anna Schmidt"
    assert CaptchaStore.objects.filter(hashkey=key).exists()
    assert not Message.objects.exists()


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_the_message_form_about_a_firm_passes_the_wcag_aa_checks(
    page, supplier_site, prefix
):
    page.goto(supplier_site + prefix + "/enterprises/bright-floodlight-works/")
    page.get_by_role(
        "link", name=LABELS[prefix.strip("/") or "en"]["contact"]
    ).first.click()
    page.wait_for_url(re.compile(r"/contact/\?about="))

    results = Axe().run(page, options=WCAG_AA)

    assert results.violations_count == 0, results.generate_report()
