import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from news.models import Release

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
        "title": "Guzhen lighting fair opens",
        "slug": "guzhen-lighting-fair-opens",
        "summary": "The autumn fair opened today.",
        "body": "<p>Buyers from 40 countries.</p><script>alert(1)</script>",
        "status": Release.Status.PUBLISHED,
        "release_time_0": when.strftime("%Y-%m-%d"),
        "release_time_1": when.strftime("%H:%M:%S"),
        "category": "",
        "cover_alt": "",
    } | overrides


def test_news_editor_group_holds_only_news_permissions():
    group = Group.objects.get(name="news editor")

    apps = set(group.permissions.values_list("content_type__app_label", flat=True))

    assert apps == {"news"}
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
