import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Category, Release

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _static_without_manifest(settings):
    """Tests run without collectstatic, so static URLs are not looked up in a manifest.

    tests/test_serving.py collects for real where the hashed names are the point.
    """
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Sign-in tests hash many passwords; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _cache_per_test(settings):
    """Each test gets an empty cache of its own, and no page cache unless it asks.

    Tests run in a transaction that is never committed, so the page cache would
    never hear of their writes; tests/test_cache.py turns it on and commits.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{next(_sequence)}",
        }
    }
    settings.CLUSTER_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _no_login_lockout(settings):
    """django-axes refuses `client.login()`, which passes no request; it is off
    except in the lockout tests, which turn it on (tests/test_security.py)."""
    settings.AXES_ENABLED = False


@pytest.fixture
def image_file():
    """Make an in-memory upload of a real image."""

    def make(name="photo.jpg", image_format="JPEG", size=(800, 600), color="orange"):
        buffer = io.BytesIO()
        Image.new("RGB", size, color).save(buffer, format=image_format)
        return SimpleUploadedFile(name, buffer.getvalue())

    return make


@pytest.fixture
def category_factory(db):
    def make(**overrides):
        number = next(_sequence)
        fields = {"name": f"Category {number}", "slug": f"category-{number}"}
        return Category.objects.create(**fields | overrides)

    return make


@pytest.fixture
def release_factory(db):
    def make(**overrides):
        number = next(_sequence)
        fields = {
            "title": f"Release number {number}",
            "slug": f"release-{number}",
            "summary": f"Summary of release {number}.",
            "body": f"<p>Body of release {number}.</p>",
            "release_time": timezone.now() - datetime.timedelta(days=1),
            "status": Release.Status.PUBLISHED,
        }
        return Release.objects.create(**fields | overrides)

    return make
