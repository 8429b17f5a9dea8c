"""The pages a buyer meets, in a real Chromium at 390 and 1280 px in both
languages: the header's search hint, the feed and sitemap as pages, landmarks
and links."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from pages.models import SiteSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGUAGES = [pytest.param("", id="en"), pytest.param("/zh-hans", id="zh")]
# axe-core's rules on landmarks: each unique by role and name, one banner, one
# contentinfo, one main.
LANDMARKS = {
    "runOnly": {
        "type": "rule",
        "values": [
            "landmark-unique",
            "landmark-no-duplicate-banner",
            "landmark-no-duplicate-contentinfo",
            "landmark-no-duplicate-main",
            "landmark-one-main",
        ],
    }
}
# Links a crawler cannot follow: no href, an empty one, "#" or a script.
UNFOLLOWABLE_LINKS = """() => [...document.querySelectorAll('a')]
    .filter(a => {
        const href = a.getAttribute('href');
        return href === null || href.trim() === '' || href === '#'
            || href.trim().toLowerCase().startsWith('javascript:');
    })
    .map(a => a.outerHTML)"""


def open_page(browser, screen, url):
    context = browser.new_context(viewport=screen)
    page = context.new_page()
    page.goto(url)
    return page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_header_search_box_shows_its_whole_hint(
    browser, live_server, screen, language
):
    page = open_page(browser, screen, live_server.url + language + "/")
    if screen is PHONE:
        page.locator(".site-menu > summary").click()
    box = page.locator("#site-search-q")

    # The hint's width in the box's own font, against the room inside the box.
    hint, room = box.evaluate(
        """box => {
            const style = getComputedStyle(box);
            const context = document.createElement('canvas').getContext('2d');
            context.font = style.font;
            const room = box.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            return [context.measureText(box.placeholder).width, room];
        }"""
    )

    assert box.get_attribute("placeholder").startswith("LED")
    assert hint <= room
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_the_feed_opens_as_a_readable_page_from_the_news_list(
    browser, live_server, release_factory, screen, language
):
    release_factory(title="Guzhen lighting fair", title_zh_hans="古镇灯博会")
    page = open_page(browser, screen, live_server.url + language + "/news/")
    link = page.locator("a.feed-link")
    assert link.is_visible()

    link.click()
    page.wait_for_load_state()

    # The browser drew the stylesheet's page, not the XML's tree.
    heading = page.locator("h1")
    assert "news releases" in heading.inner_text() or "新闻" in heading.inner_text()
    title = "古镇灯博会" if language else "Guzhen lighting fair"
    assert page.locator("article h2 a").first.inner_text() == title
    said = "这是新闻订阅源" if language else "This is a news feed (RSS)"
    assert said in page.locator("main").inner_text()
    page.context.close()


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-pages-1.xml"])
def test_the_sitemap_opens_as_a_readable_page(browser, live_server, path):
    page = open_page(browser, DESKTOP, live_server.url + path)

    assert "Sitemap" in page.locator("h1").inner_text()
    links = page.locator("main a")
    assert links.count() > 0
    assert links.first.get_attribute("href").startswith(live_server.url)
    page.context.close()


@pytest.fixture
def full_home(live_server, release_factory, enterprise_factory):
    """A home page with everything its layout can show: contacts, featured
    releases and firms."""
    site_settings = SiteSettings.saved_or_default()
    site_settings.phone = "+86 760 1234 5678"
    site_settings.email = "info@example.com"
    site_settings.address = "Guzhen, Zhongshan"
    site_settings.save()
    release_factory(title="Guzhen lighting fair")
    enterprise_factory(name="Aurora Ceiling Lights", is_featured=True)
    return live_server.url


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(
    "path", ["/", "/news/", "/enterprises/", "/search/?q=lights", "/contact/"]
)
def test_landmarks_are_unique_and_every_link_can_be_followed(
    browser, full_home, screen, language, path
):
    page = open_page(browser, screen, full_home + language + path)
    if screen is PHONE:
        page.locator(".site-menu > summary").click()
    footer_form = page.locator("#footer-name")
    if footer_form.count():
        # The footer form draws its code (and its player) once the visitor starts.
        footer_form.focus()
        page.locator(".site-contact img[data-code-img]").wait_for()

    results = Axe().run(page, options=LANDMARKS)

    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate(UNFOLLOWABLE_LINKS) == []
    page.context.close()
