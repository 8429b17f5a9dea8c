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
def _cache_per_test(settings, request):
    """Each test starts with an empty cache of its own, never var/cache."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.nodeid,
        }
    }


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


# Enterprise directory. The migration seeds the real towns and lists; factories
# make their own entries so that tests never depend on that seed.


@pytest.fixture
def town_factory(db):
    from enterprises.models import Town

    def make(**overrides):
        number = next(_sequence)
        fields = {"name": f"Town {number}", "slug": f"town-{number}"}
        return Town.objects.create(**fields | overrides)

    return make


@pytest.fixture
def product_category_factory(db):
    from enterprises.models import ProductCategory

    def make(**overrides):
        number = next(_sequence)
        fields = {"name": f"Product {number}", "slug": f"product-{number}"}
        return ProductCategory.objects.create(**fields | overrides)

    return make


@pytest.fixture
def certification_factory(db):
    from enterprises.models import Certification

    def make(**overrides):
        number = next(_sequence)
        fields = {"name": f"Mark {number}", "slug": f"mark-{number}"}
        return Certification.objects.create(**fields | overrides)

    return make


@pytest.fixture
def enterprise_factory(db, town_factory):
    """Make a published enterprise; `categories`, `certifications` (a list of
    certifications or of (certification, valid_until) pairs) and `markets`
    (country codes) may be given too."""
    from enterprises.models import Enterprise, ExportMarket, HeldCertificate

    def make(categories=(), certifications=(), markets=(), **overrides):
        number = next(_sequence)
        fields = {
            "name": f"Enterprise number {number}",
            "slug": f"enterprise-{number}",
            "description": f"Maker number {number} of lamps.",
            "is_published": True,
        }
        fields = fields | overrides
        if "town" not in fields:
            fields["town"] = town_factory()
        enterprise = Enterprise.objects.create(**fields)
        enterprise.categories.set(categories)
        for held in certifications:
            if not isinstance(held, tuple):
                held = (held, None)
            certification, valid_until = held
            HeldCertificate.objects.create(
                enterprise=enterprise,
                certification=certification,
                number=f"No. {number}",
                valid_until=valid_until,
            )
        for code in markets:
            ExportMarket.objects.create(enterprise=enterprise, country=code)
        return enterprise

    return make
