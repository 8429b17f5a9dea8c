"""REDIS_URL moves the shared caches (pages and their version) and sessions to Redis."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from pytest_django.asserts import assertContains

pytestmark = pytest.mark.django_db(transaction=True)


def test_redis_url_switches_cache_and_sessions():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)",
        ],
        cwd=django_settings.BASE_DIR,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
            "DEBUG": "true",
            "REDIS_URL": "redis://cache.internal:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ], result.stderr


def test_pages_cached_in_redis_change_when_an_editor_saves(
    client, settings, redis_url, release_factory, django_assert_num_queries
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "pages",
        },
    }
    settings.CLUSTER_PAGE_CACHE_SECONDS = 600
    cache.clear()
    release = release_factory(title="Before the edit")
    client.get("/news/")
    with django_assert_num_queries(0):
        assertContains(client.get("/news/"), "Before the edit")

    release.title = "After the edit"
    release.save()

    assertContains(client.get("/news/"), "After the edit")
