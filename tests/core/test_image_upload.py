"""The rich-text editor's image dialog uploads one image in one step."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains

from core.models import RichTextImage

pytestmark = pytest.mark.django_db

UPLOAD = reverse("admin:core_richtextimage_upload")


@pytest.fixture
def news_editor(client, django_user_model):
    user = django_user_model.objects.create_user("li", is_staff=True)
    user.groups.add(Group.objects.get(name="news editor"))
    client.force_login(user)
    return client


def test_the_dialog_uploads_a_resized_image_and_gets_its_address(
    news_editor, image_file
):
    response = news_editor.post(
        UPLOAD,
        {"image": image_file(size=(3000, 2000)), "alt": "The Guzhen fair hall"},
    )

    assert response.status_code == 200
    image = RichTextImage.objects.get()
    assert response.json() == {
        "src": image.rendition.url,
        "alt": "The Guzhen fair hall",
    }
    with Image.open(image.rendition.path) as shown:
        assert shown.width == 1200
    assert image.rendition.url.startswith("/media/")


def test_a_refused_upload_answers_its_errors_in_the_editors_language(news_editor):
    response = news_editor.post(
        UPLOAD,
        {"image": SimpleUploadedFile("x.jpg", b"<svg onload=alert(1)>"), "alt": ""},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert len(errors) == 2
    assert all(not any("a" <= char <= "z" for char in error) for error in errors)
    assert not RichTextImage.objects.exists()


def test_only_staff_who_may_add_images_can_upload(
    client, django_user_model, image_file
):
    handler = django_user_model.objects.create_user("wang", is_staff=True)
    handler.groups.add(Group.objects.get(name="message handler"))
    client.force_login(handler)

    refused = client.post(UPLOAD, {"image": image_file(), "alt": "A lamp"})
    client.logout()
    anonymous = client.post(UPLOAD, {"image": image_file(), "alt": "A lamp"})

    assert refused.status_code == 403
    assert anonymous.status_code == 302
    assert not RichTextImage.objects.exists()


def test_the_editor_is_told_where_to_upload(news_editor):
    response = news_editor.get(reverse("admin:news_release_add"))

    assertContains(response, UPLOAD)
    assert news_editor.get(UPLOAD).status_code == 405
