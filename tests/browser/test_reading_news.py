import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEED_TITLE = (
    "Zhongshan has become the largest lighting professional production base in China"
)


@pytest.fixture
def seeded_site(live_server, release_factory):
    call_command("loaddemo", verbosity=0)  # the page under test is the seed release
    release_factory(
        title="An older release",
        release_time=timezone.make_aware(datetime.datetime(2017, 6, 1)),
    )
    return live_server.url


@pytest.mark.parametrize("width", [390, 1280])
def test_a_reader_goes_from_the_home_page_to_the_seed_release(page, seeded_site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(seeded_site + "/")

    page.get_by_role("link", name=SEED_TITLE).click()

    expect(page).to_have_url(
        seeded_site + "/news/zhongshan-largest-lighting-production-base-in-china/"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(SEED_TITLE)
    expect(page.get_by_text("Release Time: 2017-12-21")).to_be_visible()
    expect(
        page.get_by_text("Zhongshan is the largest lighting professional", exact=False)
    ).to_be_visible()
    expect(page.get_by_role("link", name="An older release")).to_be_visible()
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate("document.title").startswith(SEED_TITLE)


def test_keyboard_users_can_skip_to_the_content(page, seeded_site):
    page.goto(seeded_site + "/news/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")

    expect(page).to_have_url(seeded_site + "/news/#main")


def test_a_reader_searches_the_news_without_javascript(browser, seeded_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_site + "/news/")

    page.get_by_label("Search releases").fill("Guzhen")
    page.get_by_role("main").get_by_role("button", name="Search").click()

    expect(page.get_by_role("link", name=SEED_TITLE)).to_be_visible()
    expect(page.get_by_role("link", name="An older release")).to_have_count(0)
    context.close()
