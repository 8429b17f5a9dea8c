"""The strict Content-Security-Policy leaves every page working in a real browser."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page(monkeypatch):
    """A Chromium page that records every CSP violation the browser reports."""
    # Playwright's sync API runs an event loop in this thread; the test's own ORM
    # calls are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not shutil.which(CHROMIUM):
        if os.environ.get("CLUSTER_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.violations = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and page.violations.append(message.text)
            ),
        )
        yield page
        browser.close()


def test_public_pages_raise_no_csp_violation(
    live_server, release_factory, browser_page
):
    release = release_factory(body="<p>Lamps <strong>shipped</strong> abroad.</p>")

    for path in ["/", "/news/", release.get_absolute_url(), "/no-such-page/"]:
        browser_page.goto(live_server.url + path)

    assert browser_page.violations == []


def test_rich_text_editor_runs_under_the_csp_in_the_admin(
    live_server, release_factory, browser_page
):
    release = release_factory(body="<p>Lamps shipped abroad.</p>")
    get_user_model().objects.create_superuser("editor", "", "a-long-password-1")
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/news/release/{release.pk}/change/")

    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    assert editor.inner_text(timeout=10_000) == "Lamps shipped abroad."
    editor.click()
    page.keyboard.press("End")
    page.keyboard.type(" Buyers came back.")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    release.refresh_from_db()
    assert release.body == "<p>Lamps shipped abroad. Buyers came back.</p>"
    assert page.violations == []
