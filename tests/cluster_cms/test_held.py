"""What every page of a cache version shares is read once per version."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from cluster_cms import page_cache
from pages.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_value_is_built_once_per_version_and_again_after_an_edit(release_factory):
    builds = []

    def build():
        builds.append(1)
        return len(builds)

    assert page_cache.held("test:value", build) == 1
    assert page_cache.held("test:value", build) == 1
    release_factory()  # a save of a registered model: a new version

    assert page_cache.held("test:value", build) == 2
    assert len(builds) == 2


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

    page_cache.held("test:value", lambda: builds.append(1))
    page_cache.held("test:value", lambda: builds.append(1))

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
