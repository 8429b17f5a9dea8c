"""Chinese pages on a phone: dates and figures stay whole, names and order read
as Chinese, in a real Chromium at 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def enterprise(enterprise_factory, certification_factory):
    # Data before `page`: see tests/browser/test_csp.py.
    return enterprise_factory(
        name="Radiant Lamps",
        name_zh="光辉灯饰",
        certifications=[
            (
                certification_factory(
                    name="QS",
                    full_name_en="A quality and safety mark with a "
                    "rather long description that fills the narrow column",
                ),
                datetime.date(2028, 3, 19),
            )
        ],
        markets=["DK", "DZ"],
    )


def test_a_certificate_date_stays_on_one_line_on_a_phone(live_server, enterprise, page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/zh-hans/enterprises/{enterprise.slug}/")

    date = page.locator("table time")
    expect(date).to_have_text("2028年3月19日")
    lines = date.evaluate("element => element.getClientRects().length")
    assert lines == 1
    expect(page.get_by_role("heading", level=1)).to_have_text("光辉灯饰")
    markets = page.locator("#markets-heading + ul li").all_inner_texts()
    assert markets == ["阿尔及利亚", "丹麦"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
