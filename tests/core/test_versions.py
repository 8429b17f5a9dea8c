import datetime

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from news.models import Release
from pages.models import Page
from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    def make(username):
        user = django_user_model.objects.create_user(
            username, password="unused", is_staff=True
        )
        user.groups.add(Group.objects.get(name="news editor"))
        user.groups.add(Group.objects.get(name="site editor"))
        return user

    return make


def change_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def history_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])


def open_form(client, obj) -> dict:
    """What an editor's browser holds after opening the change form."""
    response = client.get(change_url(obj))
    assert response.status_code == 200
    return submitted_fields(response, f"{obj._meta.model_name}_form")


def save(client, obj, fields, **changes):
    return client.post(change_url(obj), fields | changes)


def test_restoring_a_version_brings_back_the_exact_body_and_cover(
    client, editor, release_factory, image_file
):
    client.force_login(editor("li"))
    release = release_factory(title="Fair opens")
    first = open_form(client, release)
    first |= {
        "body_en": "<p>The <strong>first</strong> body.</p>",
        "cover_image": image_file("first.jpg", color="red"),
        "cover_alt": "The red hall",
    }
    assert save(client, release, first).status_code == 302
    release.refresh_from_db()
    first_cover, first_body = release.cover_image.name, release.body_en
    second = open_form(client, release) | {
        "body_en": "<p>A rewritten body.</p>",
        "cover_image": image_file("second.jpg", color="blue"),
        "cover_alt": "The blue hall",
    }
    assert save(client, release, second).status_code == 302
    release.refresh_from_db()
    assert release.cover_image.name != first_cover

    # The history's oldest entry opens the first version, ready to save back.
    first_version = Version.objects.get_for_object(release)[1]
    revision_url = reverse(
        "admin:news_release_revision", args=[release.pk, first_version.pk]
    )
    restore_form = client.get(revision_url)
    assertContains(restore_form, "The red hall")
    response = client.post(revision_url, submitted_fields(restore_form, "release_form"))

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.body_en == first_body
    assert release.cover_image.name == first_cover
    assert release.cover_alt == "The red hall"
    assert release.cover_image.storage.exists(first_cover)


def test_the_history_lists_who_changed_what(client, editor, release_factory):
    release = release_factory(title="Fair opens")
    for username, title in [("li", "Fair opens today"), ("wang", "Fair opened")]:
        client.force_login(editor(username))
        assert (
            save(
                client, release, open_form(client, release), title_en=title
            ).status_code
            == 302
        )

    response = client.get(history_url(release))

    rows = response.context["action_list"]
    # The oldest is what the row was before any admin save: nobody's.
    assert [row["revision"].user for row in rows] == [
        User.objects.get(username="wang"),
        User.objects.get(username="li"),
        None,
    ]
    assertContains(response, "<td>wang</td>", html=True)
    assertContains(response, "<td>li</td>", html=True)
    assertContains(response, "Changed Title [English]")


def test_two_versions_are_compared_side_by_side(client, editor, page_factory):
    client.force_login(editor("li"))
    page = page_factory(title="About", body="<p>Guzhen makes lamps.</p>")
    save(client, page, open_form(client, page), body_en="<p>Guzhen makes lamps.</p>")
    save(
        client,
        page,
        open_form(client, page),
        body_en="<p>Guzhen makes lamps and lanterns.</p>",
    )
    *_, older, newer = Version.objects.get_for_object(page).order_by("pk")

    response = client.get(
        history_url(page) + "compare/",
        {"version_id1": older.pk, "version_id2": newer.pk},
    )

    assertContains(
        response, '<td class="version-text">Guzhen makes lamps.</td>', html=True
    )
    assertContains(
        response,
        '<td class="version-text">Guzhen makes lamps and lanterns.</td>',
        html=True,
    )


def test_compare_shows_what_an_editor_wrote_as_text_in_chinese(
    client, editor, release_factory
):
    client.force_login(editor("li"))
    release = release_factory(
        title="Fair opens",
        title_zh_hans="博览会开幕",
        body_zh_hans="<p>古镇灯饰博览会开幕。</p>",
    )
    save(client, release, open_form(client, release))
    fields = open_form(client, release) | {
        "title_en": "Fair opened",
        "body_zh_hans": "<p>古镇国际灯饰博览会开幕。</p><p>采购商到场。</p>",
        "release_time_0": "2026-12-09",
        "release_time_1": "10:00:00",
    }
    assert save(client, release, fields).status_code == 302
    *_, older, newer = Version.objects.get_for_object(release).order_by("pk")

    response = client.get(
        history_url(release) + "compare/",
        {"version_id1": older.pk, "version_id2": newer.pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    rows = [row["change"].label for row in response.context["compare_data"]]
    assert not [label for label in rows if "搜索" in label]
    assertNotContains(response, "搜索索引")
    assertNotContains(response, "&lt;p&gt;")
    assertContains(response, "2026年12月9日 10:00")
    assertNotContains(response, "+08:00")
    assertContains(
        response,
        '<td colspan="2" class="version-text">古镇<ins>国际</ins>灯饰博览会开幕。'
        "<ins>\n采购商到场。</ins></td>",
        html=True,
    )


def test_a_save_over_a_newer_save_is_stopped_and_keeps_what_was_typed(
    client, editor, release_factory
):
    release = release_factory(title="Fair opens", summary="Old summary.")
    li, wang = editor("li"), editor("wang")
    client.force_login(li)
    save(client, release, open_form(client, release))  # its first version
    li_form = open_form(client, release)
    client.force_login(wang)
    wang_form = open_form(client, release)
    assert (
        save(client, release, wang_form, summary_en="Wang's summary.").status_code
        == 302
    )

    client.force_login(li)
    response = save(client, release, li_form, title_en="Li's new title")

    assert response.status_code == 200
    assertContains(response, "Not saved: wang saved this at")
    assertContains(response, "Old summary. → Wang&#x27;s summary.")
    assertContains(response, 'value="Li&#x27;s new title"')
    release.refresh_from_db()
    assert release.title_en == "Fair opens"
    assert release.summary_en == "Wang's summary."

    # Having read what changed, saving the same form again goes through.
    again = submitted_fields(response, "release_form")
    assert save(client, release, again).status_code == 302
    release.refresh_from_db()
    assert release.title_en == "Li's new title"


def test_a_stale_save_of_an_enterprise_is_stopped_too(
    client, admin_user, enterprise_factory
):
    enterprise = enterprise_factory(name="Guzhen Lamps")
    client.force_login(admin_user)
    stale = open_form(client, enterprise)
    assert (
        save(
            client, enterprise, open_form(client, enterprise), name="Guzhen Lamps Co."
        ).status_code
        == 302
    )

    response = save(client, enterprise, stale, name="Guzhen Lights")

    assertContains(response, "Not saved: admin saved this at")
    enterprise.refresh_from_db()
    assert enterprise.name == "Guzhen Lamps Co."


def test_a_deleted_page_is_recovered_from_the_admin(client, editor, page_factory):
    client.force_login(editor("li"))
    page = page_factory(title="Investment guide", slug="investment-guide")
    save(client, page, open_form(client, page))
    client.post(reverse("admin:pages_page_delete", args=[page.pk]), {"post": "yes"})
    assert not Page.objects.exists()

    recover_list = client.get(reverse("admin:pages_page_recoverlist"))
    assertContains(recover_list, "Investment guide")
    version = Version.objects.get_deleted(Page).get()
    recover_url = reverse("admin:pages_page_recover", args=[version.pk])
    response = client.post(
        recover_url, submitted_fields(client.get(recover_url), "page_form")
    )

    assert response.status_code == 302
    assert Page.objects.get().slug == "investment-guide"
    assert client.get("/investment-guide/").status_code == 200


def test_deleted_rows_are_forgotten_after_the_recovery_days(
    client, editor, release_factory, settings
):
    client.force_login(editor("li"))
    old, recent = release_factory(title="Old news"), release_factory(title="Recent")
    for release in (old, recent):
        save(client, release, open_form(client, release))
        client.post(
            reverse("admin:news_release_delete", args=[release.pk]), {"post": "yes"}
        )
    from django.contrib.admin.models import LogEntry

    LogEntry.objects.filter(object_repr="Old news").update(
        action_time=timezone.now()
        - datetime.timedelta(days=settings.CLUSTER_RECOVERY_DAYS + 1)
    )

    call_command("purge_deleted_versions")

    remaining = Version.objects.get_deleted(Release)
    assert [version.object_repr for version in remaining] == ["Recent"]


def test_a_scheduled_release_says_so_in_the_list_and_the_save_message(
    client, editor, release_factory
):
    client.force_login(editor("li"))
    release = release_factory(title="Next week's fair")
    later = timezone.localtime() + datetime.timedelta(days=7)
    fields = open_form(client, release) | {
        "release_time_0": later.strftime("%Y-%m-%d"),
        "release_time_1": later.strftime("%H:%M:%S"),
    }

    response = client.post(change_url(release), fields, follow=True)

    assertContains(response, "is scheduled: the public sees it from")
    assertContains(response, "Scheduled for")
    assertNotContains(response, "icon-no.svg")


def test_scheduled_shows_in_chinese_as_jihua_fabu(client, editor, release_factory):
    client.force_login(editor("li"))
    release_factory(release_time=timezone.now() + datetime.timedelta(days=1))

    response = client.get(
        reverse("admin:news_release_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assertContains(response, "计划发布")


def _published_then_rewritten(client, editor, release_factory):
    """A release saved as a scheduled draft, then published now and rewritten."""
    client.force_login(editor("li"))
    later = timezone.localtime() + datetime.timedelta(days=3)
    release = release_factory(
        title="Fair opens", status=Release.Status.DRAFT, release_time=later
    )
    save(client, release, open_form(client, release), body_en="<p>First text.</p>")
    now = timezone.localtime() - datetime.timedelta(hours=1)
    save(
        client,
        release,
        open_form(client, release),
        status="published",
        release_time_0=now.strftime("%Y-%m-%d"),
        release_time_1=now.strftime("%H:%M:%S"),
        body_en="<p>Second text.</p>",
    )
    release.refresh_from_db()
    assert release.is_public
    first = Version.objects.get_for_object(release)[1]
    return release, reverse("admin:news_release_revision", args=[release.pk, first.pk])


def test_restoring_text_leaves_a_live_release_live(client, editor, release_factory):
    release, url = _published_then_rewritten(client, editor, release_factory)
    release_time = release.release_time

    form = client.get(url)
    assertContains(form, "Its publication stays as it is now (Status: Published;")
    assertContains(form, "this version had Status: Draft;")
    response = client.post(url, submitted_fields(form, "release_form"))

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.body_en == "<p>First text.</p>"
    assert release.status == Release.Status.PUBLISHED
    assert release.release_time == release_time
    assert client.get(release.get_absolute_url()).status_code == 200


def test_restoring_brings_back_the_publication_when_asked(
    client, editor, release_factory
):
    release, url = _published_then_rewritten(client, editor, release_factory)
    first = Version.objects.get_for_object(release)[1]

    fields = submitted_fields(client.get(url), "release_form")
    response = client.post(url, fields | {"_restore_publication": "1"})

    assert response.status_code == 302
    release.refresh_from_db()
    assert release.body_en == "<p>First text.</p>"
    assert release.status == Release.Status.DRAFT
    assert release.release_time == first.field_dict["release_time"]
