import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


@pytest.fixture
def directory_site(
    live_server,
    enterprise_factory,
    town_factory,
    product_category_factory,
    certification_factory,
):
    guzhen = town_factory(name="Guzhen town", name_zh="古镇", slug="guzhen-town")
    henglan = town_factory(name="Henglan town", slug="henglan-town")
    led = product_category_factory(name="LED lamps", slug="led-lamps")
    ce = certification_factory(name="CE mark", slug="ce-mark")
    enterprise_factory(
        name="Alpha Lighting",
        slug="alpha-lighting",
        town=guzhen,
        categories=[led],
        certifications=[ce],
        markets=["DE", "US"],
        is_member=True,
        is_featured=True,
    )
    enterprise_factory(name="Beta Lamps", town=henglan, markets=["FR"])
    return live_server.url


@pytest.mark.parametrize(
    "path",
    [
        "/enterprises/",
        "/enterprises/?town=guzhen-town&certification=ce-mark",
        "/enterprises/?town=atlantis",
        "/enterprises/alpha-lighting/",
        "/enterprises/overview/",
        "/zh-hans/enterprises/?town=guzhen-town",
        "/zh-hans/enterprises/alpha-lighting/",
        "/",
    ],
)
def test_directory_pages_pass_the_wcag_aa_checks(page, directory_site, path):
    page.goto(directory_site + path)

    results = Axe().run(page, options=WCAG_AA)

    assert results.violations_count == 0, results.generate_report()


def test_choosing_a_town_filters_at_once_with_javascript(page, directory_site):
    page.goto(directory_site + "/enterprises/")

    page.get_by_label("Town", exact=True).select_option("guzhen-town")

    # The page comes back at the results, not at its top.
    expect(page).to_have_url(
        directory_site + "/enterprises/?town=guzhen-town#directory"
    )
    expect(page.get_by_role("link", name="Alpha Lighting", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Beta Lamps", exact=True)).to_have_count(0)


def test_the_filters_work_without_javascript(browser, directory_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(directory_site + "/enterprises/")

    page.get_by_label("Export market", exact=True).select_option("FR")
    page.get_by_role("button", name="Show enterprises").click()

    expect(page.get_by_role("link", name="Beta Lamps", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Alpha Lighting", exact=True)).to_have_count(0)
    assert "market=FR" in page.url
    context.close()
