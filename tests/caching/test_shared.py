"""What many pages read is built once per site version, by one process."""

import threading

import pytest
from django.core.cache import caches
from django.db import DatabaseError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from caching import shared
from caching import version as site_version
from pages import layout
from pages.models import SiteSettings
from tests.support.forms import submitted_fields
from tests.support.layout import VERSION_QUERIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def value(monkeypatch):
    """A shared value counting its builds, known only during the test."""
    monkeypatch.setattr(shared, "_values", list(shared._values))
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    made = shared.Shared("test:value", build)
    made.builds = builds
    return made


def test_a_value_is_built_once_per_version_and_again_after_an_edit(
    value, release_factory
):
    assert value.get() == 1
    assert value.get() == 1
    release_factory()  # a save of a registered model: a new version

    assert value.get() == 2
    assert len(value.builds) == 2


def test_a_value_is_built_by_one_process_and_loaded_by_the_others(value):
    assert value.get() == 1

    value.forget()  # as another process, which has no copy of its own

    assert value.get() == 1
    assert len(value.builds) == 1


def test_threads_asking_at_once_for_a_new_version_build_it_once(value):
    start = threading.Barrier(8)

    def ask():
        start.wait()
        shared.prepare("a-new-version", [value])

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(value.builds) == 1


def test_without_the_cache_a_value_is_built_once_per_version_and_pages_render(
    value, client, settings
):
    settings.CACHES = {
        alias: {
            "BACKEND": "caching.resilient_cache.FailFastRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # Nothing listens there.
        }
        for alias in ("default", "pages")
    }

    value.get()
    value.get()

    assert len(value.builds) == 1
    assert client.get(reverse("home")).status_code == 200


def test_the_process_that_served_an_edit_builds_the_layout_after_its_response(
    admin_client, client, django_assert_num_queries
):
    url = reverse("admin:pages_sitesettings_change")
    form = submitted_fields(admin_client.get(url), "sitesettings_form")
    saved = admin_client.post(url, form | {"site_name_en": "Guzhen Lighting"})
    assert saved.status_code == 302
    shared.forget_all()  # as another process: the shared copy is ready
    with django_assert_num_queries(VERSION_QUERIES):
        response = client.get(reverse("contact_thanks"))

    assertContains(response, "Guzhen Lighting")


def test_the_layout_is_read_by_the_first_page_after_an_edit_only(
    client, django_assert_num_queries
):
    SiteSettings.objects.create(site_name="Zhongshan Lighting")
    first = client.get(reverse("news:release_list"))
    with django_assert_num_queries(VERSION_QUERIES):
        # Not one of the layout's queries: the thank-you page reads nothing else.
        client.get(reverse("contact_thanks"))

    assertContains(first, "Zhongshan Lighting")
    settings_row = SiteSettings.objects.get()
    settings_row.site_name = "Guzhen Lighting"
    settings_row.save()

    assertContains(client.get(reverse("contact_thanks")), "Guzhen Lighting")


def test_a_header_drawn_while_the_database_is_down_is_not_kept(client, monkeypatch):
    SiteSettings.objects.create(site_name="Guzhen Lighting")
    held_layout = layout._layout.get

    def database_down():
        raise DatabaseError("the database is down")

    monkeypatch.setattr(layout._layout, "get", database_down)
    during = client.get(reverse("contact_thanks"))
    monkeypatch.setattr(layout._layout, "get", held_layout)
    after = client.get(reverse("contact_thanks"))

    assertNotContains(during, "Guzhen Lighting")
    assertContains(
        after,
        '<span class="site-brand-mark" aria-hidden="true"></span>Guzhen Lighting',
        html=False,
    )


@pytest.mark.django_db(transaction=True)
def test_while_another_process_builds_a_new_version_visitors_get_the_old_pages(
    client, page_cache_on, release_factory, monkeypatch
):
    release = release_factory(title="Guzhen lamp fair opens")
    assertContains(client.get(release.get_absolute_url()), "fair opens")
    release.title = "Guzhen lamp fair closes"
    release.save()  # by an editor whose process now builds the new version
    new_version = site_version.stored_version()
    caches["default"].add(shared._lock_key(new_version), True, 30)
    builds = []
    for value in shared._values:
        monkeypatch.setattr(value, "build", lambda: builds.append(1))

    during = client.get(release.get_absolute_url())

    assertContains(during, "fair opens")  # the old version's page, at once
    assert builds == []  # nothing built here meanwhile
    monkeypatch.undo()
    caches["default"].delete(shared._lock_key(new_version))  # the build is done
    assertContains(client.get(release.get_absolute_url()), "fair closes")


@pytest.mark.django_db(transaction=True)
def test_while_one_request_draws_a_page_after_an_edit_others_get_its_old_copy(
    client, page_cache_on, release_factory, monkeypatch
):
    release = release_factory(title="Guzhen lamp fair opens")
    assertContains(client.get("/news/"), "fair opens")
    release.title = "Guzhen lamp fair closes"
    release.save()
    pages = caches["pages"]
    monkeypatch.setattr(pages, "add", lambda *args, **kwargs: False)  # taken

    during = client.get("/news/")

    assertContains(during, "fair opens")  # at once, not drawn again here
    monkeypatch.undo()
    assertContains(client.get("/news/"), "fair closes")


def test_while_another_thread_loads_a_new_version_visitors_get_the_old_pages(
    client, page_cache_on, release_factory
):
    release = release_factory(title="Guzhen lamp fair opens")
    assertContains(client.get(release.get_absolute_url()), "fair opens")
    release.title = "Guzhen lamp fair closes"
    release.save()

    loading, loaded = threading.Event(), threading.Event()

    def load_elsewhere():  # another thread of this process, loading them
        with shared._building:
            loading.set()
            loaded.wait(timeout=5)

    loader = threading.Thread(target=load_elsewhere)
    loader.start()
    loading.wait()
    during = client.get(release.get_absolute_url())
    loaded.set()
    loader.join()

    assertContains(during, "fair opens")  # the old version's page, without waiting
    assertContains(client.get(release.get_absolute_url()), "fair closes")
