"""The strict Content-Security-Policy leaves every page working in a real browser."""

import os
import shutil
import threading

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


class Browser:
    """Chromium through Playwright, recording every CSP violation it reports.

    Playwright's sync API runs in a greenlet with a context of its own, where
    Django would open a second database connection; tests therefore touch the
    database only before `open()` and after `close()`.
    """

    def __init__(self):
        self.violations: list[str] = []
        self._playwright = self._browser = None

    def open(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        page = self._browser.new_page()
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text
                and self.violations.append(message.text)
            ),
        )
        return page

    def close(self):
        if self._playwright is not None:
            self._browser.close()
            self._playwright.stop()
            self._playwright = None
        # The live server answers each browser connection in a thread that
        # closes its database connection once the browser hangs up; PostgreSQL
        # refuses to drop the test database while one is open.
        for thread in threading.enumerate():
            if "process_request_thread" in thread.name:
                thread.join(timeout=5)


@pytest.fixture
def browser():
    if not shutil.which(CHROMIUM):
        if os.environ.get("CLUSTER_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests.")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium).")
    browser = Browser()
    yield browser
    browser.close()


def test_public_pages_raise_no_csp_violation(live_server, release_factory, browser):
    release = release_factory(body="<p>Lamps <strong>shipped</strong> abroad.</p>")
    page = browser.open()

    for path in ["/", "/news/", release.get_absolute_url(), "/no-such-page/"]:
        page.goto(live_server.url + path)

    assert browser.violations == []


def test_rich_text_editor_runs_under_the_csp_in_the_admin(
    live_server, release_factory, browser
):
    release = release_factory(body="<p>Lamps shipped abroad.</p>")
    get_user_model().objects.create_superuser("editor", "", "a-long-password-1")
    page = browser.open()

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
    browser.close()

    release.refresh_from_db()
    assert release.body == "<p>Lamps shipped abroad. Buyers came back.</p>"
    assert browser.violations == []
