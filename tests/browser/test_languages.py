import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_PATH = "/news/zhongshan-largest-lighting-production-base-in-china/"


@pytest.fixture
def seeded_site(live_server):
    call_command("loaddemo", verbosity=0)
    return live_server.url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_switches_a_release_to_chinese_and_back_without_javascript(
    browser, seeded_site, width
):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    page.goto(seeded_site + SEED_PATH)

    page.get_by_role("link", name="简体中文").click()

    expect(page).to_have_url(seeded_site + "/zh-hans" + SEED_PATH)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "中山已成为全国最大的灯饰专业生产基地"
    )
    expect(page.get_by_text("发布时间：2017年12月21日")).to_be_visible()
    expect(page.get_by_text("扶持与严管并举。", exact=False)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("link", name="English").click()

    expect(page).to_have_url(seeded_site + SEED_PATH)
    expect(page.get_by_text("Release Time: 2017-12-21")).to_be_visible()
    context.close()
