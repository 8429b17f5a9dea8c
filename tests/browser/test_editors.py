import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from playwright.sync_api import expect

from news.models import Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username: str):
    user = User.objects.create_user(username, password="pass-for-tests", is_staff=True)
    # A transactional test may run after another emptied the tables, taking the
    # groups that migrations made: give the release permissions directly.
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="news"))
    page = browser.new_context(locale="en").new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pass-for-tests")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Welcome, {username}")).to_be_visible()
    return page


def test_two_editors_on_one_release_lose_nothing(
    browser, live_server, release_factory, review_off
):
    """Saves that go live at once (tests/review/ has the drafts' own guard)."""
    release = release_factory(title="Guzhen fair opens", summary="First summary.")
    change = live_server.url + reverse("admin:news_release_change", args=[release.pk])
    li = sign_in(browser, live_server, "li")
    wang = sign_in(browser, live_server, "wang")
    li.goto(change)
    li.get_by_role("button", name="Save and continue editing").click()
    li.goto(change)
    wang.goto(change)

    wang.get_by_label("Summary [English]").fill("Wang's summary.")
    wang.get_by_role("button", name="Save and continue editing").click()
    expect(wang.get_by_text("was changed successfully")).to_be_visible()
    li.get_by_label("Title [English]").fill("Li's better title")
    li.get_by_role("button", name="Save and continue editing").click()

    expect(li.get_by_text("Not saved: wang saved this at")).to_be_visible()
    expect(li.get_by_text("First summary. → Wang's summary.")).to_be_visible()
    expect(li.get_by_label("Title [English]")).to_have_value("Li's better title")
    assert Release.objects.get().title_en == "Guzhen fair opens"

    li.get_by_role("button", name="Save and continue editing").click()
    expect(li.get_by_text("was changed successfully")).to_be_visible()
    assert Release.objects.get().title_en == "Li's better title"

    li.get_by_role("link", name="History").click()
    expect(li.get_by_role("cell", name="wang")).to_be_visible()
    li.get_by_role("button", name="Compare the two chosen versions").click()
    expect(li.get_by_role("heading", level=1)).to_contain_text("Compare two versions")
    expect(li.get_by_role("cell", name="Li's better title", exact=True)).to_be_visible()
