import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import validate_image_upload


@pytest.mark.parametrize(
    "name, image_format", [("a.jpg", "JPEG"), ("b.png", "PNG"), ("c.webp", "WEBP")]
)
def test_jpeg_png_and_webp_images_are_accepted(image_file, name, image_format):
    validate_image_upload(image_file(name, image_format))


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name():
    fake = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>")

    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        validate_image_upload(fake)


def test_other_image_formats_are_refused(image_file):
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        validate_image_upload(image_file("anim.gif", "GIF"))


def test_an_image_over_the_byte_limit_is_refused(settings, image_file):
    settings.CLUSTER_IMAGE_MAX_BYTES = 1000

    with pytest.raises(ValidationError, match="the limit is"):
        validate_image_upload(image_file(size=(400, 400)))


def test_an_image_over_the_pixel_limit_is_refused(settings, image_file):
    settings.CLUSTER_IMAGE_MAX_PIXELS = 100 * 100

    with pytest.raises(ValidationError, match="too many pixels"):
        validate_image_upload(image_file(size=(101, 100)))


def test_a_decompression_bomb_is_refused_without_decoding_it():
    # A PNG header claiming 40000 x 40000 pixels: Pillow's bomb guard trips before
    # any pixel is decoded.
    buffer = io.BytesIO()
    Image.new("1", (40000, 40000)).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("bomb.png", buffer.getvalue())

    with pytest.raises(ValidationError, match="too many pixels"):
        validate_image_upload(bomb)
