import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from news.models import Release
from tests.support.sitemap import sitemap_lastmods

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    """A staff member in the news editor group, not a superuser."""
    editor = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="news editor"))
    client.force_login(editor)
    return client


def release_form(**overrides):
    when = timezone.localtime() - datetime.timedelta(minutes=5)
    return {
        # Each text field has an English and a Chinese column (modeltranslation).
        "title_en": "Guzhen lighting fair opens",
        "title_zh_hans": "",
        "slug": "guzhen-lighting-fair-opens",
        "summary_en": "The autumn fair opened today.",
        "summary_zh_hans": "",
        "body_en": "<p>Buyers from 40 countries.</p><script>alert(1)</script>",
        "body_zh_hans": "",
        "status": Release.Status.PUBLISHED,
        "release_time_0": when.strftime("%Y-%m-%d"),
        "release_time_1": when.strftime("%H:%M:%S"),
        "category": "",
        "cover_alt": "",
    } | overrides


def test_news_editor_group_holds_news_and_text_image_permissions():
    group = Group.objects.get(name="news editor")

    apps = set(group.permissions.values_list("content_type__app_label", flat=True))

    assert apps == {"news", "core"}
    assert set(
        group.permissions.filter(content_type__app_label="core").values_list(
            "codename", flat=True
        )
    ) == {f"{a}_richtextimage" for a in ("add", "change", "delete", "view")}
    assert group.permissions.filter(codename="change_release").exists()


def test_an_editor_creates_and_publishes_a_release_in_the_admin(editor_client, client):
    response = editor_client.post(reverse("admin:news_release_add"), release_form())

    assertRedirects(response, reverse("admin:news_release_changelist"))
    release = Release.objects.get(slug="guzhen-lighting-fair-opens")
    assert "<script" not in release.body
    client.logout()
    assertContains(client.get(release.get_absolute_url()), "Buyers from 40 countries")


def test_an_editor_schedules_a_release_that_stays_hidden(editor_client, client):
    later = timezone.localtime() + datetime.timedelta(days=1)
    editor_client.post(
        reverse("admin:news_release_add"),
        release_form(
            release_time_0=later.strftime("%Y-%m-%d"),
            release_time_1=later.strftime("%H:%M:%S"),
        ),
    )
    client.logout()

    release = Release.objects.get()
    assert client.get(release.get_absolute_url()).status_code == 404


def test_a_form_with_an_error_comes_back_filled_in(editor_client):
    response = editor_client.post(
        reverse("admin:news_release_add"), release_form(slug="not a slug!")
    )

    assert response.status_code == 200
    assertContains(response, "Guzhen lighting fair opens")
    assert not Release.objects.exists()


def test_publish_and_unpublish_actions(editor_client, release_factory):
    drafts = [release_factory(status=Release.Status.DRAFT) for _ in range(2)]
    changelist = reverse("admin:news_release_changelist")

    response = editor_client.post(
        changelist,
        {"action": "publish", "_selected_action": [r.pk for r in drafts]},
        follow=True,
    )

    assertContains(response, "2 releases are now “Published”")
    assert Release.objects.published().count() == 2

    editor_client.post(
        changelist,
        {"action": "unpublish", "_selected_action": [drafts[0].pk]},
    )
    assert Release.objects.published().count() == 1


def test_publish_now_publishes_scheduled_releases_too(editor_client, release_factory):
    next_week = timezone.now() + datetime.timedelta(days=7)
    scheduled = release_factory(release_time=next_week)
    scheduled_draft = release_factory(
        status=Release.Status.DRAFT, release_time=next_week
    )
    live = release_factory()
    assert list(Release.objects.published()) == [live]

    response = editor_client.post(
        reverse("admin:news_release_changelist"),
        {
            "action": "publish",
            "_selected_action": [scheduled.pk, scheduled_draft.pk, live.pk],
        },
        follow=True,
    )

    assertContains(response, "2 releases are now “Published”")
    assert Release.objects.published().count() == 3
    live_time = live.release_time
    live.refresh_from_db()
    assert live.release_time == live_time


def test_publishing_in_bulk_dates_the_sitemap_entry_and_feed_item(
    editor_client, release_factory, client
):
    draft = release_factory(status=Release.Status.DRAFT)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    Release.objects.filter(pk=draft.pk).update(updated_at=week_ago)

    editor_client.post(
        reverse("admin:news_release_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.updated_at > week_ago
    dates = sitemap_lastmods(client)
    assert timezone.localdate().isoformat() in dates
    assert timezone.localdate(week_ago).isoformat() not in dates
    assertContains(
        client.get(reverse("news:release_feed")),
        draft.updated_at.strftime("%a, %d %b %Y"),
    )


def test_changelist_searches_and_shows_status(editor_client, release_factory):
    release_factory(title="Chandelier exports")
    release_factory(title="Street lamps")

    response = editor_client.get(
        reverse("admin:news_release_changelist"), {"q": "chandelier"}
    )

    assertContains(response, "Chandelier exports")
    assertContains(response, "1 result")


def test_the_rich_text_editor_assets_are_served_by_the_site(editor_client):
    response = editor_client.get(reverse("admin:news_release_add"))

    assertContains(response, "/static/django_prose_editor/editor.js")
    assertContains(response, 'id="id_slug"')


def test_view_on_site_leads_to_the_release_address(editor_client, release_factory):
    draft = release_factory(status=Release.Status.DRAFT)

    response = editor_client.get(reverse("admin:news_release_change", args=[draft.pk]))

    assertContains(response, "View on site")


def test_an_editor_writes_both_languages_and_the_chinese_body_is_sanitised(
    editor_client, client
):
    editor_client.post(
        reverse("admin:news_release_add"),
        release_form(
            title_zh_hans="古镇灯饰博览会开幕",
            summary_zh_hans="秋季博览会今天开幕。",
            body_zh_hans="<p>来自40个国家的采购商。</p><script>alert(2)</script>",
        ),
    )

    release = Release.objects.get()
    assert release.title_en == "Guzhen lighting fair opens"
    assert release.title_zh_hans == "古镇灯饰博览会开幕"
    assert release.body_zh_hans == "<p>来自40个国家的采购商。</p>"
    response = client.get("/zh-hans" + release.get_absolute_url())
    assertContains(response, "来自40个国家的采购商。")


CHINESE = {"accept-language": "zh-CN,zh"}


def chinese_only_form(**overrides):
    return (
        release_form(
            title_en="",
            slug="",
            summary_en="",
            body_en="",
            title_zh_hans="古镇灯饰博览会开幕",
            summary_zh_hans="秋季灯博会今日开幕。",
            body_zh_hans="<p>来自40个国家的采购商到场。</p>",
        )
        | overrides
    )


def test_a_chinese_speaking_editor_writes_a_release_in_chinese_only(
    editor_client, client, image_file
):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        chinese_only_form(cover_image=image_file(), cover_alt="灯博会入口"),
        headers=CHINESE,
    )

    assertRedirects(response, reverse("admin:news_release_changelist"))
    release = Release.objects.get()
    assert release.slug == "gu-zhen-deng-shi-bo-lan-hui-kai-mu"
    assert not release.title_en
    assert release.cover_image
    chinese = client.get(f"/zh-hans/news/{release.slug}/")
    assertContains(chinese, "来自40个国家的采购商到场。")
    assertNotContains(chinese, '<link rel="alternate" hreflang="en"')
    english = client.get(f"/news/{release.slug}/")
    assertContains(english, "This release is written in Chinese only.")
    assertContains(
        english,
        f'<a href="/zh-hans/news/{release.slug}/" hreflang="zh-hans" lang="zh-hans">'
        "阅读中文版</a>",
        html=True,
    )
    assertContains(english, '<h1 lang="zh-hans">古镇灯饰博览会开幕</h1>', html=True)
    assertContains(client.get("/news/"), "In Chinese only")


def test_a_release_needs_a_title_and_body_in_one_language_at_least(editor_client):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        chinese_only_form(title_zh_hans="", body_zh_hans=""),
        headers=CHINESE,
    )

    assert response.status_code == 200
    assertContains(response, "请用英文或中文填写，也可两种都写。", count=4)
    assert not Release.objects.exists()


def test_a_body_without_a_title_in_its_language_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        release_form(body_zh_hans="<p>只有正文。</p>"),
    )

    assertContains(response, "Give the text in this language a title too.")
    assert not Release.objects.exists()


def test_a_second_release_with_the_same_chinese_title_gets_its_own_slug(
    editor_client,
):
    for _attempt in range(2):
        editor_client.post(reverse("admin:news_release_add"), chinese_only_form())

    assert sorted(Release.objects.values_list("slug", flat=True)) == [
        "gu-zhen-deng-shi-bo-lan-hui-kai-mu",
        "gu-zhen-deng-shi-bo-lan-hui-kai-mu-2",
    ]


def test_a_failed_save_keeps_the_chosen_cover(editor_client, image_file):
    url = reverse("admin:news_release_add")
    failed = editor_client.post(
        url,
        chinese_only_form(
            cover_image=image_file("cover.jpg"), cover_alt="", body_zh_hans=""
        ),
        headers=CHINESE,
    )
    assert failed.status_code == 200
    assertContains(failed, "“cover.jpg”")
    token = (
        failed.context["adminform"]
        .form["cover_image"]
        .field.widget.kept_name("cover_image")
    )
    kept = re.search(rf'name="{token}" value="([^"]+)"', failed.text).group(1)

    saved = editor_client.post(
        url,
        chinese_only_form(cover_alt="灯博会入口", **{token: kept}),
        headers=CHINESE,
    )

    assertRedirects(saved, reverse("admin:news_release_changelist"))
    release = Release.objects.get()
    assert release.cover_image.name.startswith("releases/")
    assert release.cover_image.size > 0


def test_a_forged_kept_file_token_is_ignored(editor_client):
    response = editor_client.post(
        reverse("admin:news_release_add"),
        chinese_only_form(cover_image__kept="kept-uploads/x/../../secret"),
    )

    assertRedirects(response, reverse("admin:news_release_changelist"))
    assert not Release.objects.get().cover_image


def test_the_changelist_finds_a_release_by_its_chinese_title(
    editor_client, release_factory
):
    release_factory(title="Chandelier exports", title_zh_hans="吊灯出口")
    release_factory(title="Street lamps")

    response = editor_client.get(
        reverse("admin:news_release_changelist"), {"q": "吊灯"}
    )

    assertContains(response, "Chandelier exports")
    assertContains(response, "1 result")


def test_the_admin_speaks_chinese_to_an_editor_whose_browser_asks_for_it(
    editor_client,
):
    response = editor_client.get(
        reverse("admin:news_release_add"), headers={"accept-language": "zh-CN,zh"}
    )

    assertContains(response, '<html lang="zh-hans"')
    assertContains(response, "标题 [简体中文]")
    assertContains(response, "标题 [英语]")
    assertContains(response, "发布设置")
    assert "Accept-Language" in response["Vary"]


def test_the_admin_stays_english_for_an_english_browser(editor_client):
    response = editor_client.get(
        reverse("admin:news_release_add"), headers={"accept-language": "en-GB,en"}
    )

    assertContains(response, "Title [Simplified Chinese]")
    assertContains(response, "Publishing")


def test_an_editor_switches_the_admin_to_chinese_whatever_the_browser(editor_client):
    index = reverse("admin:index")
    english = {"accept-language": "en"}
    response = editor_client.get(index, headers=english)
    assertContains(
        response,
        '<button type="submit" name="language" value="zh-hans" lang="zh-hans">'
        "简体中文</button>",
        html=True,
    )

    response = editor_client.post(
        reverse("set_language"), {"language": "zh-hans", "next": index}, headers=english
    )

    assertRedirects(response, index, fetch_redirect_response=False)
    response = editor_client.get(index, headers=english)
    assertContains(response, "站点管理")
    assertContains(response, "中山灯饰产业集群")  # our site header, translated
    assertContains(response, '<a href="/zh-hans/">查看站点</a>', html=True)
