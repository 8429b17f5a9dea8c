import datetime
import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from news.models import Category, Release

_sequence = itertools.count(1)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and renditions go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
        # `name=` fills the active language's column: make that English.
        with translation.override("en"):
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
        # `title=` and friends fill the active language's columns: make that
        # English; a Chinese text is given as `title_zh_hans=`.
        with translation.override("en"):
            return Release.objects.create(**fields | overrides)

    return make
