"""Restoring, recovering and comparing versions need the rights on that very object."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.urls import reverse
from reversion.models import Version

from news.models import Release
from pages.models import Page
from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    def make(username, *groups):
        user = django_user_model.objects.create_user(
            username, password="unused", is_staff=True
        )
        user.groups.add(*Group.objects.filter(name__in=groups))
        return user

    return make


@pytest.fixture
def saved_twice(client, staff, release_factory):
    """A release published by a news editor, then retitled: two versions."""
    client.force_login(staff("news", "news editor"))
    release = release_factory(title="Fair opens", status=Release.Status.PUBLISHED)
    url = reverse("admin:news_release_change", args=[release.pk])
    for title in ("Fair opens", "Fair opened"):
        fields = submitted_fields(client.get(url), "release_form")
        assert client.post(url, fields | {"title_en": title}).status_code == 302
    client.logout()
    release.refresh_from_db()
    return release


def test_a_release_version_cannot_be_restored_through_the_pages_admin(
    client, staff, saved_twice, page_factory
):
    page = page_factory(title="About", pk=saved_twice.pk)
    first = Version.objects.get_for_object(saved_twice).last()
    client.force_login(staff("site", "site editor"))
    url = reverse("admin:pages_page_revision", args=[page.pk, first.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"title_en": "About"}).status_code == 404

    saved_twice.refresh_from_db()
    assert saved_twice.title_en == "Fair opened"
    assert Page.objects.get().title_en == "About"


def test_a_deleted_release_cannot_be_recovered_through_another_admin(
    client, staff, saved_twice
):
    deleted_pk = saved_twice.pk
    client.force_login(staff("news2", "news editor"))
    client.post(
        reverse("admin:news_release_delete", args=[deleted_pk]), {"post": "yes"}
    )
    version = Version.objects.get_deleted(Release).get()

    for role, url_name in [
        ("directory editor", "admin:enterprises_enterprise_recover"),
        ("site editor", "admin:pages_page_recover"),
    ]:
        client.force_login(staff(role.replace(" ", "-"), role))
        url = reverse(url_name, args=[version.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {}).status_code == 404

    assert not Release.objects.filter(pk=deleted_pk).exists()


def test_restoring_needs_the_right_to_change_the_object(
    client, django_user_model, saved_twice
):
    viewer = django_user_model.objects.create_user(
        "viewer", password="unused", is_staff=True
    )
    viewer.user_permissions.add(
        *Group.objects.get(name="news editor").permissions.filter(
            codename="view_release"
        )
    )
    client.force_login(viewer)
    first = Version.objects.get_for_object(saved_twice).last()
    url = reverse("admin:news_release_revision", args=[saved_twice.pk, first.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    saved_twice.refresh_from_db()
    assert saved_twice.title_en == "Fair opened"


def test_a_restore_is_logged_on_the_object_it_changed(client, staff, saved_twice):
    client.force_login(staff("news2", "news editor"))
    first = Version.objects.get_for_object(saved_twice).last()
    url = reverse("admin:news_release_revision", args=[saved_twice.pk, first.pk])

    response = client.post(url, submitted_fields(client.get(url), "release_form"))

    assert response.status_code == 302
    entry = LogEntry.objects.filter(action_flag=CHANGE).latest("action_time")
    assert entry.get_edited_object() == saved_twice
    assert entry.user.username == "news2"
    assert entry.get_change_message().startswith("Restored the version saved at")


@pytest.mark.parametrize("role", [None, "message handler", "directory editor"])
def test_comparing_versions_needs_the_right_to_see_the_history(
    client, staff, saved_twice, role
):
    client.force_login(staff("someone", *([role] if role else [])))
    *_, older, newer = Version.objects.get_for_object(saved_twice).order_by("pk")
    history = reverse("admin:news_release_history", args=[saved_twice.pk])

    response = client.get(
        history + "compare/", {"version_id1": older.pk, "version_id2": newer.pk}
    )

    assert client.get(history).status_code == 403
    assert response.status_code == 403


def test_a_news_editor_compares_the_versions_of_a_release(client, staff, saved_twice):
    client.force_login(staff("news2", "news editor"))
    *_, older, newer = Version.objects.get_for_object(saved_twice).order_by("pk")

    response = client.get(
        reverse("admin:news_release_compare", args=[saved_twice.pk]),
        {"version_id1": older.pk, "version_id2": newer.pk},
    )

    assert response.status_code == 200
