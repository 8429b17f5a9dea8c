import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from news.models import Release

pytestmark = pytest.mark.django_db


def test_published_is_only_published_releases_whose_time_has_come(release_factory):
    public = release_factory()
    release_factory(status=Release.Status.DRAFT)
    release_factory(release_time=timezone.now() + datetime.timedelta(hours=1))

    assert list(Release.objects.published()) == [public]


def test_scheduled_release_becomes_public_once_its_release_time_passes(
    release_factory,
):
    scheduled = release_factory(
        release_time=timezone.now() + datetime.timedelta(days=2)
    )
    assert not Release.objects.published().filter(pk=scheduled.pk).exists()

    Release.objects.filter(pk=scheduled.pk).update(
        release_time=timezone.now() - datetime.timedelta(seconds=1)
    )

    assert Release.objects.published().filter(pk=scheduled.pk).exists()


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<script"),
        ('<p><img src="x" onerror="alert(1)"></p>', "onerror"),
        ('<p><a href="javascript:alert(1)">click</a></p>', "javascript:"),
        ('<p onclick="steal()">text</p>', "onclick"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ],
)
def test_saving_a_release_strips_scripts_handlers_and_javascript_links(
    release_factory, dirty, forbidden
):
    release = release_factory(body=dirty)
    release.refresh_from_db()

    assert forbidden not in release.body


def test_sanitising_keeps_the_formatting_editors_use(release_factory):
    html = (
        "<h2>Export figures</h2><p><strong>23%</strong> of <em>Guangdong</em></p>"
        '<ul><li>LED</li></ul><p><a href="https://example.com/report">report</a></p>'
    )
    release = release_factory(body=html)
    release.refresh_from_db()

    for kept in ("<h2>", "<strong>23%</strong>", "<li>LED</li>", "https://example.com"):
        assert kept in release.body


def test_a_cover_image_needs_a_description(release_factory, image_file):
    release = release_factory()
    release.cover_image = image_file()
    release.cover_alt = ""

    with pytest.raises(ValidationError) as error:
        release.full_clean()

    assert "cover_alt" in error.value.message_dict


def test_the_database_refuses_a_cover_without_alt_text(release_factory):
    release = release_factory()
    with pytest.raises(IntegrityError):
        Release.objects.filter(pk=release.pk).update(
            cover_image="releases/x.jpg", cover_alt=""
        )


def test_uploaded_cover_is_stored_under_a_random_name(release_factory, image_file):
    release = release_factory(
        cover_image=image_file("my holiday photo.JPEG"), cover_alt="A lamp"
    )

    assert release.cover_image.name.startswith("releases/")
    assert "holiday" not in release.cover_image.name
    assert release.cover_image.name.endswith(".jpg")


def test_renditions_are_resized_copies_not_the_original(release_factory, image_file):
    release = release_factory(
        cover_image=image_file(size=(3000, 2000)), cover_alt="A lamp"
    )

    assert release.cover_large.url != release.cover_image.url
    assert release.cover_large.width <= 1200
    assert (release.cover_card.width, release.cover_card.height) == (640, 360)
