"""REDIS_URL moves the shared caches (pages and their version) to Redis; a Redis
outage costs speed, never a page or an editor's session."""

import datetime
import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from caching import resilient_cache
from tests.support.layout import VERSION_QUERIES

pytestmark = pytest.mark.django_db(transaction=True)


def test_redis_url_switches_the_cache_and_leaves_sessions_in_the_database():
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
        "caching.resilient_cache.FailFastRedisCache",
        "django.contrib.sessions.backends.db",
    ], result.stderr


def use_redis(settings, url: str, *, skip_seconds: float = 1) -> None:
    """The cache as deployed with REDIS_URL, with a short pause after a failure."""
    deployed = {
        "BACKEND": "caching.resilient_cache.FailFastRedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "socket_connect_timeout": 0.2,
            "socket_timeout": 0.5,
            "skip_seconds": skip_seconds,
        },
    }
    settings.CACHES = {
        "default": deployed,
        "pages": deployed | {"KEY_PREFIX": "pages"},
    }
    settings.CLUSTER_PAGE_CACHE_SECONDS = 600


def test_pages_cached_in_redis_change_when_an_editor_saves(
    client, settings, redis_url, release_factory, django_assert_num_queries
):
    use_redis(settings, redis_url)
    cache.clear()
    release = release_factory(title="Before the edit")
    client.get("/news/")
    with django_assert_num_queries(VERSION_QUERIES):
        assertContains(client.get("/news/"), "Before the edit")

    release.title = "After the edit"
    release.save()

    assertContains(client.get("/news/"), "After the edit")


def test_editors_keep_working_while_redis_is_down(
    client, settings, redis_server, admin_user, release_factory
):
    use_redis(settings, redis_server.url)
    release = release_factory(title="Kept while Redis is down")
    client.force_login(admin_user)
    redis_server.stop()

    assertContains(client.get(reverse("admin:index")), "Site administration")
    change = reverse("admin:news_release_change", args=[release.pk])
    assertContains(client.get(change), "Kept while Redis is down")
    client.logout()
    signed_in = client.post(
        reverse("admin:login"), {"username": "admin", "password": "password"}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_while_redis_is_down_pages_are_rendered_and_redis_is_left_alone_a_while(
    client,
    settings,
    redis_server,
    release_factory,
    caplog,
    monkeypatch,
    django_assert_num_queries,
):
    monkeypatch.setattr(resilient_cache, "_skip_until", {})
    use_redis(settings, redis_server.url, skip_seconds=60)
    release = release_factory(title="Rendered without the cache")
    redis_server.stop()

    pages = [client.get(release.get_absolute_url()) for _ in range(20)]

    assert all(page.status_code == 200 for page in pages)
    assertContains(pages[-1], "Rendered without the cache")
    # One failed attempt, then the cache is skipped: no request waits on Redis.
    failures = [r for r in caplog.records if "Redis does not answer" in r.message]
    assert len(failures) == 1

    redis_server.start()
    later = time.monotonic() + 61  # the pause is over
    monkeypatch.setattr(resilient_cache, "_clock", lambda: later)
    client.get(release.get_absolute_url())
    with django_assert_num_queries(VERSION_QUERIES):  # stored in Redis again
        client.get(release.get_absolute_url())


def test_while_redis_is_down_what_pages_share_is_built_once_not_per_page(
    client,
    settings,
    redis_server,
    release_factory,
    monkeypatch,
    django_assert_num_queries,
):
    monkeypatch.setattr(resilient_cache, "_skip_until", {})
    use_redis(settings, redis_server.url, skip_seconds=60)
    release_factory(
        title="Winter lighting fair",
        release_time=timezone.now() - datetime.timedelta(days=30),
    )
    release = release_factory(title="Spring lighting fair")
    url = release.get_absolute_url()
    redis_server.stop()
    client.get(url)  # builds the layout and the release order, once

    # The release, its previous one by key, the enterprises it mentions: the
    # layout and the order of the releases are not read again.
    for _ in range(3):
        with django_assert_num_queries(3 + VERSION_QUERIES):
            assertContains(client.get(url), "Spring lighting fair")

    release.title = "Autumn lighting fair"
    release.save()  # a new version at once

    assertContains(client.get(url), "Autumn lighting fair")


@pytest.mark.parametrize("fault", ["frozen", "restarted"])
def test_an_edit_made_while_redis_is_out_is_what_visitors_see_once_it_is_back(
    client, settings, redis_server, release_factory, monkeypatch, fault
):
    monkeypatch.setattr(resilient_cache, "_skip_until", {})
    use_redis(settings, redis_server.url, skip_seconds=60)
    release = release_factory(summary="Before the fault")
    for url in (release.get_absolute_url(), "/news/", "/zh-hans/news/"):
        assertContains(client.get(url), "Before the fault")  # now in Redis
    redis_server.freeze() if fault == "frozen" else redis_server.stop()
    try:
        release.summary = "Saved during the fault"
        release.save()
        during = client.get(release.get_absolute_url())
    finally:
        redis_server.thaw() if fault == "frozen" else redis_server.start()
    later = time.monotonic() + 61  # Redis is asked again
    monkeypatch.setattr(resilient_cache, "_clock", lambda: later)

    assertContains(during, "Saved during the fault")
    for _ in range(2):  # rendered and stored, then served from Redis
        for url in (release.get_absolute_url(), "/news/", "/zh-hans/news/"):
            response = client.get(url)
            assertContains(response, "Saved during the fault")
            assertNotContains(response, "Before the fault")
