import datetime

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from caching import page_cache
from caching import version as site_version
from news.models import Release
from tests import urls as test_urls
from tests.support.clock import scheduled_time_comes
from tests.support.layout import VERSION_QUERIES

# Real commits: the page cache hears of a save only once it is committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache_always(page_cache_on):
    """Every test here runs with the page cache on (tests/conftest.py)."""


def test_second_visit_to_a_release_is_served_from_the_cache_reading_the_version_only(
    client, release_factory, django_assert_num_queries
):
    release = release_factory(title="Guzhen lamp fair opens")
    client.get(release.get_absolute_url())

    with django_assert_num_queries(VERSION_QUERIES):
        response = client.get(release.get_absolute_url())

    assertContains(response, "Guzhen lamp fair opens")


def test_editing_a_release_shows_the_change_on_the_next_visit(client, release_factory):
    release = release_factory(title="Old title")
    client.get("/news/")

    release.title = "New title"
    release.save()
    response = client.get("/news/")

    assertContains(response, "New title")
    assertNotContains(response, "Old title")


def test_deleting_a_release_removes_it_from_cached_pages(client, release_factory):
    release = release_factory()
    client.get(release.get_absolute_url())

    release.delete()

    assert client.get(release.get_absolute_url()).status_code == 404


def test_publishing_through_the_admin_action_shows_the_release(
    client, admin_client, release_factory
):
    release = release_factory(title="Quietly drafted", status=Release.Status.DRAFT)
    assertNotContains(client.get("/news/"), "Quietly drafted")

    admin_client.post(
        "/admin/news/release/",
        {"action": "publish", "_selected_action": [release.pk]},
    )

    assertContains(client.get("/news/"), "Quietly drafted")


def test_scheduled_release_appears_when_its_time_comes_without_any_save(
    client, release_factory
):
    release = release_factory(
        title="Scheduled for a second from now",
        release_time=timezone.now() + datetime.timedelta(seconds=1),
    )
    assertNotContains(client.get("/news/"), "Scheduled for a second from now")

    with scheduled_time_comes(Release.objects.filter(pk=release.pk)):
        assertContains(client.get("/news/"), "Scheduled for a second from now")


def test_staff_preview_is_never_served_to_visitors(
    client, admin_client, release_factory
):
    draft = release_factory(status=Release.Status.DRAFT)

    assert admin_client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_pages_seen_by_staff_are_not_stored_for_visitors(
    client, admin_client, release_factory, django_assert_max_num_queries
):
    release = release_factory()
    admin_client.get(release.get_absolute_url())

    with django_assert_max_num_queries(10) as queries:
        client.get(release.get_absolute_url())

    assert len(queries) > 0


def test_visitor_with_a_pending_message_sees_it_on_a_cached_page(client):
    client.get("/")
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    client.cookies[CookieStorage.cookie_name] = storage._encode(
        [Message(constants.SUCCESS, "Thank you, your message was sent.")]
    )

    response = client.get("/")

    assertContains(response, "Thank you, your message was sent.")
    client.cookies.pop(CookieStorage.cookie_name)
    assertNotContains(client.get("/"), "Thank you, your message was sent.")


def test_post_is_never_answered_from_the_cache(client):
    client.get("/news/")

    response = client.post("/news/")

    assert response.status_code == 405


@override_settings(ROOT_URLCONF="tests.urls")
def test_response_that_sets_a_cookie_is_not_stored(client):
    test_urls.cookie_page.calls = 0

    client.get("/cookie-page/")
    client.get("/cookie-page/")

    assert test_urls.cookie_page.calls == 2


def test_unchanged_page_answers_304_to_a_conditional_request(client):
    etag = client.get("/")["ETag"]

    response = client.get("/", headers={"If-None-Match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_each_language_is_cached_apart(client):
    client.get("/")
    client.get("/")

    response = client.get("/zh-hans/")

    assert response["Content-Language"] == "zh-hans"
    assertContains(response, "中山灯饰产业集群")


def test_cached_page_still_gets_its_own_request_id_and_policy(client):
    first = client.get("/")
    second = client.get("/")

    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert "default-src 'self'" in second["Content-Security-Policy"]


def test_pages_are_still_served_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        alias: {
            # As deployed with REDIS_URL.
            "BACKEND": "caching.resilient_cache.FailFastRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # Nothing listens there.
        }
        for alias in ("default", "pages")
    }

    response = client.get("/")

    assert response.status_code == 200


def test_forged_host_is_refused_not_cached(client):
    response = client.get("/", headers={"Host": "evil.example"})

    assert response.status_code == 400


def test_identifying_code_images_are_never_stored(
    client, django_assert_max_num_queries
):
    image_url = client.get("/contact/code/", HTTP_X_CONTACT_CODE="1").json()[
        "image_url"
    ]
    client.get(image_url)

    with django_assert_max_num_queries(5) as queries:
        response = client.get(image_url)

    assert response["Content-Type"] == "image/png"
    assert len(queries) > 0


def test_editing_an_enterprise_shows_the_change_on_the_next_visit(
    client, enterprise_factory
):
    firm = enterprise_factory(name="Old Lamp Works")
    client.get("/enterprises/")

    firm.name = "New Lamp Works"
    firm.save()

    assertContains(client.get("/enterprises/"), "New Lamp Works")


def test_a_visitor_with_a_stale_session_cookie_gets_the_cached_page(
    client, release_factory, django_assert_num_queries
):
    release = release_factory(title="Served to every visitor")
    client.get(release.get_absolute_url())
    client.cookies["sessionid"] = "expired-or-forged-session-key"
    client.cookies["csrftoken"] = "a" * 32

    with django_assert_num_queries(VERSION_QUERIES):
        response = client.get(release.get_absolute_url())

    assertContains(response, "Served to every visitor")


def test_signing_in_sends_the_editor_past_the_cache_until_signing_out(
    client, admin_user, release_factory, django_assert_max_num_queries
):
    release = release_factory()
    client.get(release.get_absolute_url())

    signed_in = client.post(
        reverse("admin:login"), {"username": "admin", "password": "password"}
    )
    assert signed_in.cookies["signed_in"].value == "1"
    with django_assert_max_num_queries(20) as queries:
        client.get(release.get_absolute_url())
    assert len(queries) > 0  # rendered for the editor, not taken from the cache

    signed_out = client.post(reverse("admin:logout"))
    assert signed_out.cookies["signed_in"]["max-age"] == 0
    client.cookies.pop("signed_in")  # as a browser drops an expired cookie
    with django_assert_max_num_queries(VERSION_QUERIES):
        client.get(release.get_absolute_url())


def test_a_flood_of_cached_pages_evicts_no_page_cache_version(
    client, settings, tmp_path
):
    # Caches that cull early, as a full one does: above 20 entries a third goes.
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / f"small-{alias}"),
            "OPTIONS": {"MAX_ENTRIES": 20},
        }
        for alias in ("default", "pages")
    }
    version = site_version.current_version()

    for number in range(200):
        assert client.get(f"/robots.txt?flood={number}").status_code == 200

    assert site_version.current_version() == version


def counted_invalidations(monkeypatch) -> list:
    """One entry per new version the page cache sets from now on."""
    invalidations = []
    new_version = page_cache.new_version
    monkeypatch.setattr(
        page_cache,
        "new_version",
        lambda *args: invalidations.append(1) or new_version(*args),
    )
    return invalidations


def test_saves_inside_one_invalidation_change_the_version_once_at_its_end(
    client, enterprise_factory, monkeypatch
):
    invalidations = counted_invalidations(monkeypatch)
    client.get("/enterprises/")
    before = site_version.current_version()

    with page_cache.one_invalidation():
        with page_cache.one_invalidation():
            enterprise_factory(name="Amber Lamp Works")
        enterprise_factory(name="Beryl Lamp Works")
        assert site_version.current_version() == before
        assert invalidations == []

    assert invalidations == [1]
    assert site_version.current_version() != before
    page = client.get("/enterprises/")
    assertContains(page, "Amber Lamp Works")
    assertContains(page, "Beryl Lamp Works")


def test_an_import_of_many_rows_changes_the_version_once_and_pages_show_them(
    client, admin_client, run_tasks, monkeypatch, town_factory
):
    from tests.enterprises.test_import import check_file, confirm_import, csv_bytes

    town_factory(slug="import-town")
    rows = [f"Import Firm {n:02},,,,import-town,,,,no,yes" for n in range(30)]
    preview = check_file(admin_client, run_tasks, csv_bytes(rows))
    assertNotContains(client.get("/enterprises/"), "Import Firm 00")
    invalidations = counted_invalidations(monkeypatch)

    done = confirm_import(admin_client, run_tasks, preview)

    assert done.context["job"].status == "done", done.context["job"].report
    assert invalidations == [1]
    assertContains(client.get("/enterprises/"), "Import Firm 00")


@pytest.fixture
def version_reused(settings):
    """As deployed: a process trusts the version it read for a second."""
    settings.CLUSTER_SITE_VERSION_SECONDS = 1
    site_version.forget_recent()


def test_a_cached_page_read_again_within_the_second_runs_no_query(
    client, release_factory, version_reused, django_assert_num_queries
):
    release = release_factory(title="Guzhen lamp fair opens")
    client.get(release.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(release.get_absolute_url())

    assertContains(response, "Guzhen lamp fair opens")


def test_another_servers_edit_shows_once_the_version_is_read_again(
    client, release_factory, version_reused, monkeypatch
):
    release = release_factory(title="Old title")
    client.get("/news/")
    # Another server's edit: the rows and the version change, and nothing in
    # this process hears of it.
    Release.objects.filter(pk=release.pk).update(title="New title")
    site_version.new_version()

    assertContains(client.get("/news/"), "Old title")
    later = site_version._clock() + 1.1
    monkeypatch.setattr(site_version, "_clock", lambda: later)
    assertContains(client.get("/news/"), "New title")


def test_this_servers_edit_shows_at_once_whatever_the_version_reuse(
    client, release_factory, version_reused
):
    release = release_factory(title="Old title")
    client.get("/news/")

    release.title = "New title"
    release.save()

    assertContains(client.get("/news/"), "New title")


@pytest.fixture
def process_pages(settings, page_cache_on):
    """As deployed: each process keeps the pages it served in its memory too."""
    settings.CACHES = settings.CACHES | {
        "process_pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "process-pages-test",
        }
    }
    yield
    caches["process_pages"].clear()


def test_a_page_kept_in_the_process_is_served_without_the_shared_cache(
    client, release_factory, process_pages, django_assert_num_queries
):
    release = release_factory(title="Guzhen lamp fair opens")
    client.get(release.get_absolute_url())
    caches["pages"].clear()  # as a Redis restarted empty

    with django_assert_num_queries(VERSION_QUERIES):
        response = client.get(release.get_absolute_url())

    assertContains(response, "Guzhen lamp fair opens")


def test_an_edit_shows_over_a_page_kept_in_the_process(
    client, release_factory, process_pages
):
    release = release_factory(title="Old title")
    client.get("/news/")
    client.get("/news/")  # now kept in the process too

    release.title = "New title"
    release.save()
    response = client.get("/news/")

    assertContains(response, "New title")
    assertNotContains(response, "Old title")
