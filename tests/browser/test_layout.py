"""The layout on a phone (390 x 844) and a desktop (1280 x 800), in both languages."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENS = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]
LANGUAGES = [pytest.param("", id="en"), pytest.param("/zh-hans", id="zh")]
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


@pytest.fixture
def directory_site(
    live_server, enterprise_factory, town_factory, product_category_factory
):
    """A directory of 25 enterprises, two pages, with long names in both languages."""
    guzhen = town_factory(name="Guzhen town", name_zh="古镇", slug="guzhen-town")
    henglan = town_factory(name="Henglan town", name_zh="横栏", slug="henglan-town")
    lamps = product_category_factory(name="LED lamps", slug="led-lamps-test")
    for number in range(25):
        enterprise_factory(
            name=f"Zhongshan Guzhen Bright Star Lighting Technology {number:02}",
            name_zh=f"中山市古镇明星灯饰科技有限公司{number:02}",
            slug=f"bright-star-{number:02}",
            town=guzhen if number % 2 else henglan,
            categories=[lamps] if number % 3 else [],
            is_member=number % 4 == 0,
        )
    return live_server.url


def open_page(browser, screen, url, *, javascript=True):
    context = browser.new_context(viewport=screen, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(url)
    return page


def first_result(page):
    return page.locator("#directory-results article").first


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_header_is_one_bar_and_the_first_result_is_on_the_first_screen(
    browser, directory_site, screen, language
):
    page = open_page(browser, screen, directory_site + language + "/enterprises/")

    header = page.locator("body > header").bounding_box()
    assert header["height"] <= 64
    result = first_result(page).bounding_box()
    assert result["y"] > header["height"]
    assert result["y"] + result["height"] <= screen["height"]
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_phone_menu_opens_without_javascript(browser, directory_site, language):
    page = open_page(
        browser, PHONE, directory_site + language + "/enterprises/", javascript=False
    )
    main_nav = page.get_by_role("navigation", name="Main" if not language else "主导航")
    news = main_nav.get_by_role("link", name="News" if not language else "新闻")
    expect(news).to_be_hidden()

    page.get_by_text("Menu" if not language else "菜单", exact=True).click()
    expect(news).to_be_visible()
    assert page.locator("body > header").bounding_box()["height"] <= 64
    news.click()

    expect(page).to_have_url(directory_site + language + "/news/")
    page.context.close()


def test_desktop_shows_the_navigation_and_filters_without_a_menu_button(
    browser, directory_site
):
    page = open_page(browser, DESKTOP, directory_site + "/enterprises/")

    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    expect(page.get_by_role("link", name="News", exact=True)).to_be_visible()
    expect(page.get_by_text("Filters (0)")).to_be_hidden()
    expect(page.get_by_label("Town")).to_be_visible()
    page.context.close()


def test_phone_filters_fold_into_a_panel_that_works_without_javascript(
    browser, directory_site
):
    page = open_page(browser, PHONE, directory_site + "/enterprises/", javascript=False)
    expect(page.get_by_label("Town")).to_be_hidden()

    page.get_by_text("Filters (0)").click()
    page.get_by_label("Town").select_option("guzhen-town")
    page.get_by_role("button", name="Show enterprises").click()

    expect(page.get_by_text("Filters (1)")).to_be_visible()
    expect(page.get_by_text("12 enterprises")).to_be_visible()
    expect(first_result(page)).to_be_in_viewport(ratio=1)
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_a_filter_on_a_phone_shows_the_results_not_the_page_top(
    browser, directory_site, language
):
    page = open_page(browser, PHONE, directory_site + language + "/enterprises/")
    page.locator(".directory-filter-panel > summary").click()
    page.locator("#id_town").scroll_into_view_if_needed()

    with page.expect_navigation():
        page.locator("#id_member").select_option("yes")

    expect(page.locator(".directory-filter-panel > summary")).to_contain_text("1")
    expect(first_result(page)).to_be_in_viewport(ratio=1)
    assert page.evaluate("window.scrollY") > 0
    page.context.close()


def test_cards_in_a_row_share_one_height(browser, directory_site):
    page = open_page(browser, DESKTOP, directory_site + "/enterprises/")

    boxes = [card.bounding_box() for card in page.locator(".card-grid .card").all()]
    rows = {}
    for box in boxes:
        rows.setdefault(round(box["y"]), []).append(round(box["height"]))
    assert len(rows) > 1 and all(len(heights) > 1 for heights in rows.values())
    assert all(len(set(heights)) == 1 for heights in rows.values()), rows
    page.context.close()


# How many lines each element's text is drawn on, found character by character.
LINES_DRAWN = """selector => [...document.querySelectorAll(selector)].map(element => {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let lines = 0, previous = null;
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        if (text.parentElement.closest(".visually-hidden")) continue;
        for (let i = 0; i < text.length; i++) {
            if (!text.data[i].trim()) continue;
            range.setStart(text, i); range.setEnd(text, i + 1);
            const box = range.getBoundingClientRect();
            if (!box.height) continue;
            // A new line starts left of the last character, and below it.
            const wrapped = previous
                && box.left < previous.left && box.top >= previous.bottom - 2;
            if (!previous || wrapped) lines++;
            previous = box;
        }
    }
    return [element.textContent.trim(), lines];
})"""


@pytest.mark.parametrize("screen", SCREENS)
def test_chinese_labels_and_dates_are_never_broken_across_lines(
    browser, directory_site, release_factory, screen
):
    release_factory(
        title_zh_hans="古镇灯饰博览会开幕，展商超过一千家，观众来自一百多个国家"
    )
    for path in ["/zh-hans/enterprises/", "/zh-hans/news/", "/zh-hans/"]:
        page = open_page(browser, screen, directory_site + path)

        drawn = page.evaluate(
            LINES_DRAWN,
            "time, .badge, .cert-tag, .site-nav a, summary, .pager li, label, "
            ".enterprise-meta, .release-meta",
        )

        assert drawn, path
        assert [label for label, lines in drawn if lines > 1] == [], path
        # And at any other width: the rules that keep them whole are in force.
        rules = page.evaluate(
            """() => [...document.querySelectorAll('time, .badge, .site-nav a')]
                .map(e => getComputedStyle(e))
                .map(style => style.whiteSpace + ' ' + style.wordBreak)"""
        )
        assert all("nowrap" in rule or "keep-all" in rule for rule in rules), rules
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", SCREENS)
def test_directory_with_open_menu_and_filters_passes_axe(
    browser, directory_site, screen, language
):
    page = open_page(
        browser, screen, directory_site + language + "/enterprises/?page=2"
    )
    if screen is PHONE:
        page.locator(".directory-filter-panel > summary").click()
        page.locator(".site-menu > summary").click()

    results = Axe().run(page, options=WCAG_AA)

    assert results.violations_count == 0, results.generate_report()
    page.context.close()


TABLET = {"width": 1000, "height": 800}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "screen", [pytest.param(TABLET, id="tablet"), pytest.param(DESKTOP, id="desktop")]
)
def test_a_menu_with_the_editors_pages_fits_the_header_on_wide_screens(
    browser, live_server, page_factory, screen, language
):
    page_factory(
        title="About the cluster", title_zh_hans="关于产业集群", in_header_menu=True
    )
    page_factory(title="Services", title_zh_hans="服务", in_header_menu=True)
    page = open_page(browser, screen, live_server.url + language + "/")

    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    # The site's name takes two lines at most.
    assert page.locator(".site-brand").bounding_box()["height"] <= 48
    menu_button = page.get_by_text("Menu" if not language else "菜单", exact=True)
    services = page.get_by_role("link", name="Services" if not language else "服务")
    if screen is TABLET:
        expect(services).to_be_hidden()
        menu_button.click()
    else:
        expect(menu_button).to_be_hidden()
    expect(services).to_be_visible()
    page.context.close()
