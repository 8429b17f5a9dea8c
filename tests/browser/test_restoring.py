"""A Chinese editor restores a version and recovers a deleted release in the same
editor as the change form (the page's CSP allows its import map)."""

import datetime

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect
from reversion.models import Version

from news.models import Release

# Writing itself: a one-person site, without the review step (tests/review/).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("review_off"),
]


@pytest.fixture
def chinese_editor(browser, live_server):
    user = get_user_model().objects.create_user(
        "bianji", password="a-long-pw-1", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="news"))
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "bianji")
    page.fill("#id_password", "a-long-pw-1")
    page.click("input[type=submit]")
    yield page
    context.close()


def _saved(release, **changes):
    with reversion.create_revision():
        for name, value in changes.items():
            setattr(release, name, value)
        release.save()
    return Version.objects.get_for_object(release).first()


def _expect_the_editor(page, text):
    editor = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(editor.filter(has_text=text)).to_have_count(1)
    expect(page.locator(".prose-menubar [title='加粗']").first).to_be_visible()
    assert "<p>" not in page.locator("#content-main").inner_text()


def test_restoring_a_version_opens_the_chinese_editor_and_keeps_the_release_live(
    live_server, chinese_editor
):
    page = chinese_editor
    release = Release.objects.create(
        title_en="Fair opens",
        slug="fair-opens",
        status=Release.Status.DRAFT,
        release_time=timezone.now() + datetime.timedelta(days=3),
    )
    first = _saved(release, body_en="<p>The first text.</p>")
    _saved(
        release,
        body_en="<p>The second text.</p>",
        status=Release.Status.PUBLISHED,
        release_time=timezone.now() - datetime.timedelta(hours=1),
    )

    page.goto(f"{live_server.url}/admin/news/release/{release.pk}/history/{first.pk}/")
    _expect_the_editor(page, "The first text.")
    expect(page.locator(".restore-note")).to_contain_text("发布状态保持现状")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    release.refresh_from_db()
    assert release.body_en == "<p>The first text.</p>"
    assert release.is_public


def test_recovering_a_deleted_release_opens_the_chinese_editor(
    live_server, chinese_editor
):
    page = chinese_editor
    release = Release.objects.create(title_en="Fair opens", slug="fair-opens")
    version = _saved(release, body_en="<p>Kept text.</p>")
    release.delete()

    page.goto(f"{live_server.url}/admin/news/release/recover/{version.pk}/")
    _expect_the_editor(page, "Kept text.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    assert Release.objects.get().body_en == "<p>Kept text.</p>"
