"""A Chinese editor puts an image into a release from the editor's own dialog, in
one step, and every word of the dialog, the bubble and the table dialog is Chinese."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from PIL import Image
from playwright.sync_api import expect

from core.models import RichTextImage
from news.models import Release

# Writing itself: a one-person site, without the review step (tests/review/).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("review_off"),
]

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
KEPT_AS_THEY_ARE = {"JPEG", "PNG", "WebP"}


@pytest.fixture
def page(browser, live_server):
    user = get_user_model().objects.create_user(
        "bianji", password="a-long-pw-1", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["news", "core"])
    )
    context = browser.new_context(
        locale="zh-CN", extra_http_headers={"Accept-Language": "zh-CN,zh;q=0.9"}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "bianji")
    page.fill("#id_password", "a-long-pw-1")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/news/release/add/")
    yield page
    context.close()


def _english(text: str) -> set[str]:
    return set(LATIN_WORD.findall(text)) - KEPT_AS_THEY_ARE


def _photo() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (2400, 1600), "orange").save(buffer, format="JPEG")
    return {"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_an_image_goes_into_the_body_from_the_editors_dialog_in_one_step(page):
    page.fill("#id_title_zh_hans", "博览会开幕")
    body = page.locator(".prose-editor").nth(1)
    body.locator(".tiptap.ProseMirror").click()
    body.locator(".prose-menubar [title='插入图片']").click()

    dialog = page.locator("dialog.prose-editor-dialog[open]")
    expect(dialog).to_be_visible()
    assert _english(dialog.inner_text()) == set()
    dialog.get_by_label("图片文件（JPEG、PNG 或 WebP）").set_input_files(_photo())
    dialog.get_by_label("图片说明（供看不到图片的读者）").fill("古镇灯饰博览会展馆")
    dialog.get_by_label("图注，显示在图片下方（可选）").fill("展馆外景")
    dialog.get_by_role("button", name="上传并插入").click()

    image = body.locator(".tiptap.ProseMirror figure img")
    expect(image).to_have_attribute("alt", "古镇灯饰博览会展馆")
    expect(body.locator(".tiptap.ProseMirror figcaption")).to_have_text("展馆外景")
    uploaded = RichTextImage.objects.get()
    assert image.get_attribute("src") == uploaded.rendition.url

    # The bubble over the image speaks Chinese too.
    image.click()
    bubble = page.locator(".prose-menubar--floating button").first
    expect(bubble).to_have_text("删除图注")

    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    release = Release.objects.get()
    assert f'src="{uploaded.rendition.url}"' in release.body_zh_hans
    assert "<figcaption>展馆外景</figcaption>" in release.body_zh_hans


def test_a_refused_file_is_explained_in_the_dialog_which_keeps_what_was_typed(page):
    body = page.locator(".prose-editor").nth(1)
    body.locator(".tiptap.ProseMirror").click()
    body.locator(".prose-menubar [title='插入图片']").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    dialog.get_by_label("图片文件（JPEG、PNG 或 WebP）").set_input_files(
        {"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"not an image"}
    )
    dialog.get_by_label("图片说明（供看不到图片的读者）").fill("展馆")
    dialog.get_by_role("button", name="上传并插入").click()

    status = dialog.locator("[role=alert]")
    expect(status).not_to_have_text("")
    expect(status).not_to_have_text("正在上传……")
    assert _english(status.inner_text()) == set()
    expect(dialog.get_by_label("图片说明（供看不到图片的读者）")).to_have_value("展馆")
    assert not RichTextImage.objects.exists()


def test_the_table_dialog_asks_in_chinese(page):
    body = page.locator(".prose-editor").nth(1)
    body.locator(".tiptap.ProseMirror").click()
    body.locator(".prose-menubar [title='插入表格']").click()

    dialog = page.locator("dialog.prose-editor-dialog[open]")
    expect(dialog).to_be_visible()
    assert _english(dialog.inner_text()) == set()
    dialog.locator("select").select_option(label="是")
    dialog.get_by_role("button", name="插入表格").click()

    expect(body.locator(".tiptap.ProseMirror table th").first).to_be_visible()


def test_an_empty_body_editor_has_room_to_write(page):
    body = page.locator(".prose-editor").nth(1).locator(".tiptap.ProseMirror")

    assert body.bounding_box()["height"] >= 200
