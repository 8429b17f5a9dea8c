"""What every page of a cache version shares is read once per version."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from caching import page_cache
from pages.models import SiteSettings
from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


def counted(builds: list) -> "callable":
    def build():
        builds.append(1)
        return len(builds)

    return build


def test_a_value_is_built_once_per_version_and_again_after_an_edit(release_factory):
    builds = []
    value = page_cache.Held("test:value", counted(builds))

    assert value.get() == 1
    assert value.get() == 1
    release_factory()  # a save of a registered model: a new version

    assert value.get() == 2
    assert len(builds) == 2


def test_a_shared_value_is_built_by_one_worker_and_loaded_by_the_others():
    builds = []
    value = page_cache.Held("test:shared", counted(builds), shared=True)
    assert value.get() == 1

    value.forget()  # as another worker, which has no copy of its own

    assert value.get() == 1
    assert len(builds) == 1


def test_the_worker_that_served_an_edit_builds_the_layout_after_its_response(
    admin_client, client, django_assert_num_queries
):
    url = reverse("admin:pages_sitesettings_change")
    form = submitted_fields(admin_client.get(url), "sitesettings_form")
    saved = admin_client.post(url, form | {"site_name_en": "Guzhen Lighting"})
    assert saved.status_code == 302
    page_cache.forget_held()  # as another worker: the shared copy is ready
    with django_assert_num_queries(0):
        response = client.get(reverse("contact_thanks"))

    assertContains(response, "Guzhen Lighting")


def test_without_the_cache_a_value_is_built_each_time_and_pages_still_render(
    client, settings
):
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # Nothing listens there.
        }
        for alias in ("default", "pages")
    }
    builds = []

    value = page_cache.Held("test:down", counted(builds), shared=True)
    value.get()
    value.get()

    assert len(builds) == 2
    assert client.get(reverse("home")).status_code == 200


def test_the_layout_is_read_by_the_first_page_after_an_edit_only(
    client, django_assert_num_queries
):
    SiteSettings.objects.create(site_name="Zhongshan Lighting")
    first = client.get(reverse("news:release_list"))
    with django_assert_num_queries(0):
        # Not one of the layout's queries: the thank-you page reads nothing else.
        client.get(reverse("contact_thanks"))

    assertContains(first, "Zhongshan Lighting")
    settings_row = SiteSettings.objects.get()
    settings_row.site_name = "Guzhen Lighting"
    settings_row.save()

    assertContains(client.get(reverse("contact_thanks")), "Guzhen Lighting")


def test_a_header_drawn_while_the_database_is_down_is_not_kept(client, monkeypatch):
    from django.db import DatabaseError

    from pages import layout

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
