"""A Chinese editor and a message handler, in a real Chromium: the first version
kept, compare as text, publish now, and an erase that asks once more."""

import datetime

import pytest
import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone
from playwright.sync_api import expect

from contact.models import Message
from news.models import Release

# Writing itself: a one-person site, without the review step (tests/review/).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("review_off"),
]


@pytest.fixture
def sign_in(browser, live_server):
    contexts = []

    def sign_in(*app_labels):
        user = get_user_model().objects.create_user(
            "bianji", password="a-long-pw-1", is_staff=True
        )
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label__in=app_labels)
        )
        context = browser.new_context(
            locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
        )
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "bianji")
        page.fill("#id_password", "a-long-pw-1")
        page.click("input[type=submit]")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def test_a_release_made_elsewhere_keeps_its_first_text_and_compares_as_text(
    live_server, sign_in
):
    page = sign_in("news")
    release = Release.objects.create(
        title_zh_hans="博览会开幕",
        body_zh_hans="<p>古镇灯饰博览会开幕。</p>",
        slug="r1",
        release_time=timezone.now(),
    )

    page.goto(f"{live_server.url}/admin/news/release/{release.pk}/change/")
    body = page.locator(".prose-editor").nth(1).locator(".tiptap.ProseMirror")
    body.click()
    page.keyboard.press("End")
    page.keyboard.type("采购商到场。")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(f"{live_server.url}/admin/news/release/{release.pk}/history/")
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.last).to_contain_text("已添加。")
    page.get_by_role("button", name="比较所选的两个版本").click()

    expect(page.locator(".versions-diff td ins")).to_have_text("采购商到场。")
    expect(page.locator("#content-main")).not_to_contain_text("<p>")
    expect(page.locator("#content-main")).not_to_contain_text("搜索索引")
    # Only what changed: the Chinese body.
    expect(page.locator(".versions-side-by-side tbody th[scope=row]")).to_have_text(
        ["正文（简体中文）", "差异"]
    )


def test_publish_now_publishes_a_scheduled_release(live_server, sign_in):
    page = sign_in("news")
    release = Release.objects.create(
        title_zh_hans="下周的博览会",
        slug="r2",
        status=Release.Status.PUBLISHED,
        release_time=timezone.now() + datetime.timedelta(days=7),
    )
    with reversion.create_revision():
        reversion.add_to_revision(release)

    page.goto(f"{live_server.url}/admin/news/release/")
    expect(page.locator("#result_list")).to_contain_text("计划发布")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").first.click()

    expect(page.locator(".messagelist .success")).to_contain_text("1")
    release.refresh_from_db()
    assert release.is_public
    expect(page.locator("#result_list")).not_to_contain_text("计划发布")


def test_a_handler_erases_a_phone_only_visitor_after_seeing_what_goes(
    live_server, sign_in
):
    page = sign_in("contact")
    Message.objects.create(name="李明", phone="+86 760 2222 3333", body="请报价。")
    Message.objects.create(name="王芳", phone="+86 760 2222 4444", body="请回电。")

    page.goto(f"{live_server.url}/admin/contact/message/personal-data/")
    page.get_by_label("访客的电子邮箱或电话号码").fill("0760-2222 3333")
    page.get_by_role("button", name="查找").click()
    expect(page.locator("#content-main")).to_contain_text("请报价。")
    page.get_by_role("button", name="删除关于此访客的全部信息……").click()

    expect(page.locator("h2")).to_contain_text("删除关于 0760-2222 3333 的全部信息？")
    expect(page.locator("#content-main table")).to_contain_text("李明")
    assert Message.objects.count() == 2
    page.get_by_role("button", name="是，全部删除").click()

    expect(page.locator(".messagelist .success")).to_be_visible()
    assert list(Message.objects.values_list("name", flat=True)) == ["王芳"]
