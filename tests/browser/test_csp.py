"""The strict Content-Security-Policy leaves every page working in a real browser."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Data is made in fixtures listed before `page`: once Playwright runs, Django
# would open a second database connection in its greenlet, which PostgreSQL then
# finds still open when it drops the test database.
@pytest.fixture
def release(release_factory):
    return release_factory(body="<p>Lamps shipped abroad.</p>")


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "", "a-long-pw-1")


@pytest.fixture
def violations(page):
    """Every CSP violation the browser reports on the console."""
    found = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and found.append(message.text)
        ),
    )
    return found


def test_public_pages_raise_no_csp_violation(live_server, release, page, violations):
    for path in [
        "/",
        "/news/",
        release.get_absolute_url(),
        "/contact/",
        "/enterprises/",
        "/zh-hans/",
        "/no-such-page/",
    ]:
        page.goto(live_server.url + path)

    assert violations == []


def test_footer_form_fetches_its_code_under_the_csp(
    live_server, release, page, violations
):
    page.goto(live_server.url + "/")

    page.locator(".site-contact textarea").focus()

    expect(page.locator(".site-contact img[data-code-img]")).to_be_visible()
    assert violations == []


def test_rich_text_editor_runs_under_the_csp_in_the_admin(
    live_server, release, editor, page, violations
):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-pw-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/news/release/{release.pk}/change/")
    editor_area = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor_area.first).to_have_text("Lamps shipped abroad.")
    editor_area.first.click()
    page.keyboard.press("End")
    page.keyboard.type(" Buyers came back.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(live_server.url + release.get_absolute_url())

    expect(page.locator("main")).to_contain_text(
        "Lamps shipped abroad. Buyers came back."
    )
    assert violations == []
