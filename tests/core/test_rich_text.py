import io

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertFormError

from core.models import RichTextImage
from news.models import Release

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user(
        "editor", password="unused", is_staff=True
    )
    editor.groups.add(Group.objects.get(name="site editor"))
    client.force_login(editor)
    return client


def photo_with_gps(size=(3000, 2000)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("holiday.jpg", buffer.getvalue())


def test_an_editor_uploads_an_image_for_texts_resized_and_stripped(editor_client):
    response = editor_client.post(
        reverse("admin:core_richtextimage_add"),
        {"image": photo_with_gps(), "alt": "The Guzhen lighting fair hall"},
    )

    assert response.status_code == 302
    upload = RichTextImage.objects.get()
    with Image.open(upload.image.path) as stored:
        assert not stored.getexif()
    with Image.open(upload.rendition.path) as shown:
        assert shown.width == 1200
    change = editor_client.get(
        reverse("admin:core_richtextimage_change", args=[upload.pk])
    )
    assertContains(change, f'value="{upload.rendition.url}"')


def test_an_image_for_texts_needs_a_description_and_real_image(editor_client):
    url = reverse("admin:core_richtextimage_add")

    no_alt = editor_client.post(url, {"image": photo_with_gps((40, 40)), "alt": ""})
    not_image = editor_client.post(
        url,
        {"image": SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>"), "alt": "x"},
    )

    assertFormError(no_alt.context["adminform"].form, "alt", "This field is required.")
    assert "image" in not_image.context["adminform"].form.errors
    assert not RichTextImage.objects.exists()


def test_a_text_keeps_our_images_and_tables(release_factory, image_file):
    upload = RichTextImage.objects.create(image=image_file(), alt="Lamps")
    body = (
        f'<figure><img src="{upload.rendition.url}" alt="Lamps">'
        "<figcaption>Lamps at the fair</figcaption></figure>"
        "<table><tbody><tr><th>Town</th><td>Guzhen</td></tr></tbody></table>"
    )

    release = release_factory(body=body)
    release.refresh_from_db()

    assert f'src="{upload.rendition.url}"' in release.body_en
    assert "<figcaption>Lamps at the fair</figcaption>" in release.body_en
    assert "<th>Town</th>" in release.body_en


def test_a_text_never_keeps_an_image_from_elsewhere(release_factory):
    release = release_factory(
        body='<p>Hi</p><img src="https://tracker.example/pixel.gif" alt="x">'
        '<img src="/media/../../etc/passwd" alt="y">'
    )
    release.refresh_from_db()

    assert "tracker.example" not in release.body_en
    assert "passwd" not in release.body_en


@pytest.mark.parametrize(
    ("img", "message"),
    [
        ('<img src="/media/renditions/a.jpg" alt="">', "Describe every image"),
        ('<img src="https://elsewhere.example/a.jpg" alt="A">', "uploaded under"),
    ],
)
def test_an_editor_is_told_what_is_wrong_with_an_image(img, message):
    release = Release(title="T", slug="t", body=f"<p>Text</p>{img}")

    with pytest.raises(ValidationError) as error:
        release.full_clean()

    assert message in str(error.value.message_dict["body_en"])


@pytest.mark.parametrize(
    "address",
    [
        "/media/%2e%2e/contact/code/?n=i",
        "/media/%2E%2E/contact/code/",
        "/media/.%2e/contact/code/",
        "/media/%252e%252e/contact/code/",
        "/media/renditions/..%2fcontact/code/",
        "/media/renditions%2f..%2f..%2fcontact/code/",
        "/media/renditions/..\\..\\contact/code/",
        "/media/renditions/./../../contact/code/",
        "/media//contact/code/",
        "/media/renditions/text-images/nothing/0123.jpg",
        "/media/contact/code/",
    ],
)
def test_a_text_keeps_no_image_address_but_an_uploaded_image_s(
    release_factory, address
):
    release = release_factory(body=f'<p>Hi</p><img src="{address}" alt="x">')
    release.refresh_from_db()

    assert "contact" not in release.body_en and "nothing" not in release.body_en
    assert "<img" not in release.body_en.replace('<img alt="x">', "")


def test_an_uploaded_image_s_address_with_a_query_is_not_kept(
    release_factory, image_file
):
    upload = RichTextImage.objects.create(image=image_file(), alt="Lamps")

    release = release_factory(
        body=f'<img src="{upload.rendition.url}?n=1" alt="Lamps">'
    )
    release.refresh_from_db()

    assert upload.rendition.url not in release.body_en


def test_an_editor_is_told_an_address_that_walks_out_of_the_media_is_not_ours():
    release = Release(
        title="T",
        slug="t",
        body='<p>Text</p><img src="/media/%2e%2e/contact/code/?n=i" alt="A">',
    )

    with pytest.raises(ValidationError) as error:
        release.full_clean()

    assert "uploaded under" in str(error.value.message_dict["body_en"])
