"""Checks and naming for images that editors upload (release covers, logos)."""

import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

# Browsers show these safely; anything else (SVG, which can carry script) is refused.
EXTENSION_BY_FORMAT = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}


def _detect_format(file) -> tuple[str, int, int]:
    """Read the real format and size from the bytes, never from the file's name."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels."), code="image_too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image."), code="image_invalid"
        ) from error
    finally:
        file.seek(0)
    return image_format, width, height


def validate_image_upload(value) -> None:
    """Accept only real JPEG, PNG or WebP images within the byte and pixel limits."""
    if getattr(value, "_committed", False):
        return  # Already stored: it was checked when it was uploaded.
    max_bytes = settings.CLUSTER_IMAGE_MAX_BYTES
    if value.size > max_bytes:
        raise ValidationError(
            _("This image is %(size)s; the limit is %(limit)s."),
            code="image_too_large",
            params={
                "size": filesizeformat(value.size),
                "limit": filesizeformat(max_bytes),
            },
        )
    image_format, width, height = _detect_format(value)
    if image_format not in EXTENSION_BY_FORMAT:
        raise ValidationError(
            _("Upload a JPEG, PNG or WebP image."), code="image_invalid"
        )
    if width * height > settings.CLUSTER_IMAGE_MAX_PIXELS:
        raise ValidationError(
            _("This image has too many pixels."), code="image_too_many_pixels"
        )


@deconstructible
class RandomImageName:
    """Store uploads under a random name, so URLs reveal nothing of the editor's file.

    The content was already checked to be JPEG, PNG or WebP; only those extensions
    are kept, so nothing is ever served with a type a browser would run.
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = Path(filename).suffix.lower()
        if extension == ".jpeg":
            extension = ".jpg"
        if extension not in EXTENSION_BY_FORMAT.values():
            extension = ".jpg"
        return f"{self.folder}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomImageName) and other.folder == self.folder
