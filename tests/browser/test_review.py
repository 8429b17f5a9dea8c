"""The review loop in the Chinese admin, in a real Chromium, on a desktop and a
phone: write, submit, send back, resubmit, approve, and the release is public."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from playwright.sync_api import expect

from news.models import Release
from tests.browser.test_chinese_admin import _english_words

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-pw-1"
# Latin words a Chinese reviewer reads as they are: the staff's user names.
USER_NAMES = {"bianji", "shenhe"}


def staff(username, permissions):
    user = get_user_model().objects.create_user(
        username,
        password=PASSWORD,
        email=f"{username}@example.com",
        is_staff=True,
    )
    # A transactional test starts without the groups the migrations made: the
    # groups' permissions, given directly.
    user.user_permissions.set(permissions)
    return user


@pytest.fixture
def writer(db):
    return staff(
        "bianji",
        Permission.objects.filter(
            Q(content_type__app_label="news")
            | Q(content_type__app_label="review", codename="view_revision")
        ),
    )


@pytest.fixture
def reviewer(db):
    return staff(
        "shenhe",
        Permission.objects.filter(
            Q(content_type__app_label="review")
            | Q(content_type__app_label="news", codename__startswith="view_")
        ),
    )


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def chinese_browser(request, browser):
    contexts = []

    def open_page():
        context = browser.new_context(
            locale="zh-CN",
            extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"},
            viewport={"width": request.param, "height": 900},
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def sign_in(page, url, username):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def open_from_my_list(page, url, title):
    page.goto(f"{url}/admin/")
    awaiting = page.locator(".awaiting-review")
    expect(awaiting.get_by_role("heading")).to_have_text("待我审核")
    awaiting.get_by_role("link", name=title).click()


def test_write_submit_send_back_resubmit_approve_publish_in_chinese(
    live_server, writer, reviewer, chinese_browser
):
    url = live_server.url
    title = "古镇灯饰博览会开幕"
    bianji, shenhe = chinese_browser(), chinese_browser()
    sign_in(bianji, url, "bianji")
    sign_in(shenhe, url, "shenhe")

    # Write and submit.
    bianji.goto(f"{url}/admin/news/release/add/")
    bianji.fill("#id_title_zh_hans", title)
    body = bianji.locator(".prose-editor .ProseMirror[contenteditable=true]").nth(1)
    body.click()
    bianji.keyboard.type("来自40个国家的采购商到场。")
    bianji.select_option("#id_status", "published")
    bianji.get_by_role("button", name="保存并提交审核").click()
    expect(bianji.locator(".messagelist")).to_contain_text("已提交审核")
    release = Release.objects.get()
    assert not Release.objects.published().exists()

    # Sent back with a comment.
    open_from_my_list(shenhe, url, title)
    expect(shenhe.get_by_role("button", name="通过")).to_be_visible()
    assert _english_words(shenhe) <= USER_NAMES
    shenhe.get_by_label("意见（退回时必填）").fill("请写明展会日期。")
    shenhe.get_by_role("button", name="退回").click()
    expect(shenhe.locator(".messagelist")).to_contain_text("已退回撰稿人")

    # The writer reads why, and submits again.
    bianji.goto(f"{url}/admin/news/release/{release.pk}/change/")
    review_box = bianji.locator(".review-state")
    expect(review_box).to_contain_text("shenhe 退回了此版本")
    expect(review_box).to_contain_text("请写明展会日期。")
    assert _english_words(bianji) <= USER_NAMES
    body = bianji.locator(".prose-editor .ProseMirror[contenteditable=true]").nth(1)
    body.click()
    bianji.keyboard.press("End")
    bianji.keyboard.type("展会于10月18日至22日举行。")
    bianji.get_by_role("button", name="保存并提交审核").click()
    expect(bianji.locator(".messagelist")).to_contain_text("已提交审核")

    # Compared, then approved: the release is public.
    open_from_my_list(shenhe, url, title)
    shenhe.get_by_role("link", name="与线上版本比较").click()
    expect(shenhe.get_by_role("heading", level=1)).to_have_text("与线上版本比较")
    expect(shenhe.locator(".review-compare")).to_contain_text(
        "展会于10月18日至22日举行。"
    )
    shenhe.get_by_role("link", name="返回审核").click()
    shenhe.get_by_role("button", name="通过").click()
    expect(shenhe.locator(".messagelist")).to_contain_text("已通过审核")
    shenhe.goto(f"{url}/admin/")
    expect(shenhe.locator(".awaiting-review")).to_contain_text("没有待您审核的内容。")

    visitor = chinese_browser()
    visitor.goto(f"{url}/zh-hans/news/{release.slug}/")
    expect(visitor.locator(".release-body")).to_contain_text(
        "来自40个国家的采购商到场。展会于10月18日至22日举行。"
    )
    shenhe.goto(f"{url}/admin/review/revision/")
    expect(shenhe.locator("#result_list")).to_contain_text("已通过")
