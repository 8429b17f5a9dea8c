import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.test_buyer_pages import LANDMARKS, UNFOLLOWABLE_LINKS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# axe-core's WCAG 2.x A and AA rules: contrast, labels, landmarks, alt text...
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


@pytest.fixture
def site_with_content(live_server, release_factory, category_factory, image_file):
    category = category_factory(name="Trade fairs")
    release_factory(
        title="Guzhen lighting fair",
        slug="guzhen-lighting-fair",
        category=category,
        cover_image=image_file(),
        cover_alt="Visitors at the lighting fair",
    )
    release_factory(title="Export figures", category=category)
    return live_server.url


@pytest.mark.parametrize(
    "path",
    [
        *["/", "/news/", "/news/guzhen-lighting-fair/", "/contact/", "/no-such-page/"],
        "/contact/thanks/",
        # The Chinese pages, with the language switcher and English fallbacks.
        *["/zh-hans/", "/zh-hans/news/", "/zh-hans/news/guzhen-lighting-fair/"],
        "/zh-hans/contact/",
    ],
)
def test_public_pages_pass_the_wcag_aa_checks(page, site_with_content, path):
    page.goto(site_with_content + path)

    results = Axe().run(page, options=WCAG_AA)
    landmarks = Axe().run(page, options=LANDMARKS)

    assert results.violations_count == 0, results.generate_report()
    # Each landmark unique by role and name; every link has an address.
    assert landmarks.violations_count == 0, landmarks.generate_report()
    assert page.evaluate(UNFOLLOWABLE_LINKS) == []
