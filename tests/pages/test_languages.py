"""A page written in Chinese only, English only, or both, as releases are."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from pages.models import Page

pytestmark = pytest.mark.django_db

CHINESE = {"accept-language": "zh-CN,zh"}


def page_form(**overrides):
    when = timezone.localtime() - datetime.timedelta(minutes=5)
    return {
        "title_en": "",
        "title_zh_hans": "关于产业集群",
        "slug": "",
        "summary_en": "",
        "summary_zh_hans": "",
        "body_en": "",
        "body_zh_hans": "<p>古镇是中国灯饰之都。</p>",
        "status": Page.Status.PUBLISHED,
        "publish_time_0": when.strftime("%Y-%m-%d"),
        "publish_time_1": when.strftime("%H:%M:%S"),
        "menu_order": "0",
    } | overrides


def test_a_chinese_speaking_editor_writes_a_page_in_chinese_only(admin_client, client):
    response = admin_client.post(
        reverse("admin:pages_page_add"), page_form(), headers=CHINESE
    )

    assertRedirects(response, reverse("admin:pages_page_changelist"))
    page = Page.objects.get()
    assert page.slug == "guan-yu-chan-ye-ji-qun"
    assert not page.title_en
    chinese = client.get("/zh-hans/guan-yu-chan-ye-ji-qun/")
    assertContains(chinese, "古镇是中国灯饰之都。")
    assertNotContains(chinese, '<link rel="alternate" hreflang="en"')
    english = client.get("/guan-yu-chan-ye-ji-qun/")
    assertContains(english, "This page is written in Chinese only.")
    assertContains(
        english,
        '<a href="/zh-hans/guan-yu-chan-ye-ji-qun/" hreflang="zh-hans" '
        'lang="zh-hans">阅读中文版</a>',
        html=True,
    )
    assertContains(english, '<h1 lang="zh-hans">关于产业集群</h1>', html=True)
    assertNotContains(english, 'hreflang="x-default"')


def test_an_english_only_page_says_so_on_its_chinese_address(client, page_factory):
    page_factory(slug="services", title="Services", body="<p>We test lamps.</p>")

    chinese = client.get("/zh-hans/services/")

    assertContains(chinese, "本页面仅有英文版，以下按原文显示。")
    assertContains(
        chinese,
        '<a href="/services/" hreflang="en" lang="en">Read it in English</a>',
        html=True,
    )
    assertContains(chinese, '<div class="page-body" lang="en">', html=False)


def test_a_page_with_both_titles_keeps_the_missing_body_notice(client, page_factory):
    page_factory(slug="about", title="About", title_zh_hans="关于我们")

    chinese = client.get("/zh-hans/about/")

    assertContains(chinese, "此页面尚无中文版，暂以英文显示。")
    assertNotContains(chinese, "本页面仅有英文版")
    assertContains(chinese, 'hreflang="en"')


def test_a_page_in_neither_language_is_refused_and_keeps_what_was_typed(
    admin_client,
):
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        page_form(title_zh_hans="", body_zh_hans="", summary_en="Kept summary"),
    )

    assert response.status_code == 200
    assertContains(response, "Write this in English, in Chinese, or in both.")
    assertContains(response, "Kept summary")
    assert not Page.objects.exists()


def test_a_body_without_a_title_in_its_language_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:pages_page_add"),
        page_form(body_en="<p>Untitled English text.</p>"),
    )

    assertContains(response, "Give the text in this language a title too.")
    assert not Page.objects.exists()


def test_the_sitemap_lists_a_page_only_in_the_languages_it_is_written_in(
    client, page_factory
):
    page_factory(slug="guan-yu", title="", title_zh_hans="关于", body="")
    Page.objects.filter(slug="guan-yu").update(body_zh_hans="<p>正文</p>")

    response = client.get("/sitemap-editable-pages-1.xml")

    assertContains(response, "http://testserver/zh-hans/guan-yu/")
    assertNotContains(response, "<loc>http://testserver/guan-yu/</loc>")
