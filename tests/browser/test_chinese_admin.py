"""A Chinese-speaking editor's release form, in a real Chromium: no English left."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from news.models import Release

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Latin words a Chinese editor reads as they are: file formats and web terms.
KEPT_AS_THEY_ARE = {"JPEG", "PNG", "WebP", "HTML", "URL", "English"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_user(
        "bianji", password="a-long-pw-1", is_staff=True
    )
    # The news editor group's permissions (a transactional test starts without
    # the groups the migrations made).
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="news"))
    return user


@pytest.fixture
def chinese_page(browser):
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    yield context.new_page()
    context.close()


def _log_in(page, url):
    page.goto(f"{url}/admin/login/")
    page.fill("#id_username", "bianji")
    page.fill("#id_password", "a-long-pw-1")
    page.click("input[type=submit]")


def _english_words(page) -> set[str]:
    """Latin words in the form's visible text, tooltips and accessible names."""
    texts = page.evaluate(
        """() => {
            const form = document.querySelector("#content-main");
            const texts = [];
            // Visible text, but not the icon font's ligature names ("format_bold").
            const walker = document.createTreeWalker(form, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const parent = walker.currentNode.parentElement;
                if (parent.closest(".material-icons, script, style")) continue;
                if (!parent.checkVisibility()) continue;
                texts.push(walker.currentNode.textContent);
            }
            for (const element of form.querySelectorAll("[title], [aria-label]")) {
                texts.push(element.getAttribute("title") || "");
                texts.push(element.getAttribute("aria-label") || "");
            }
            return texts;
        }"""
    )
    words = set(LATIN_WORD.findall(" ".join(texts)))
    return words - KEPT_AS_THEY_ARE


def test_a_chinese_editor_sees_no_english_on_the_release_form_toolbar_included(
    live_server, editor, chinese_page
):
    _log_in(chinese_page, live_server.url)
    chinese_page.goto(f"{live_server.url}/admin/news/release/add/")
    toolbar = chinese_page.locator(".prose-menubar").first
    expect(toolbar).to_be_visible()
    expect(toolbar.locator("[title='加粗']")).to_have_count(1)
    # The block-type menu's arrow is drawn, not a character a font may lack.
    arrow = chinese_page.evaluate(
        """() => getComputedStyle(
            document.querySelector(".prose-menubar__selected"), "::after"
        ).content"""
    )
    assert arrow == '""'

    assert _english_words(chinese_page) == set()


def test_a_chinese_editor_publishes_a_chinese_only_release_from_the_form(
    live_server, editor, chinese_page, review_off
):
    """On a site without review (tests/browser/test_review.py has the review)."""
    page = chinese_page
    _log_in(page, live_server.url)
    page.goto(f"{live_server.url}/admin/news/release/add/")
    page.fill("#id_title_zh_hans", "古镇灯饰博览会开幕")
    body = page.locator(".prose-editor .ProseMirror[contenteditable=true]").nth(1)
    body.click()
    page.keyboard.type("来自40个国家的采购商到场。")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    release = Release.objects.get()
    page.goto(f"{live_server.url}/news/{release.slug}/")

    assert release.slug == "gu-zhen-deng-shi-bo-lan-hui-kai-mu"
    expect(page.get_by_text("This release is written in Chinese only.")).to_be_visible()
    page.get_by_role("link", name="阅读中文版").click()
    expect(page.locator(".release-body")).to_have_text("来自40个国家的采购商到场。")
