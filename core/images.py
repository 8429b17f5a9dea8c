"""Checks, naming and cleaning for images that editors upload (covers, logos)."""

import io
import uuid
import warnings
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from imagekit.models import ImageSpecField
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from .uploads import refuse_oversized

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
    refuse_oversized(
        value,
        settings.CLUSTER_IMAGE_MAX_BYTES,
        _("This image is %(size)s; the limit is %(limit)s."),
        code="image_too_large",
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
    # Renditions are drawn from it: a side of a pixel or two, or a strip thousands
    # of times longer than wide, cannot be drawn as a card or a thumbnail.
    shortest, longest = sorted((width, height))
    min_side, max_side = (
        settings.CLUSTER_IMAGE_MIN_SIDE,
        settings.CLUSTER_IMAGE_MAX_SIDE,
    )
    if shortest < min_side or longest > max_side:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels; each side must be "
                "between %(min)s and %(max)s pixels."
            ),
            code="image_side",
            params={"width": width, "height": height, "min": min_side, "max": max_side},
        )
    max_ratio = settings.CLUSTER_IMAGE_MAX_ASPECT_RATIO
    if longest > shortest * max_ratio:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels; one side may be at "
                "most %(ratio)s times as long as the other."
            ),
            code="image_aspect_ratio",
            params={"width": width, "height": height, "ratio": max_ratio},
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


# Re-encoding settings per format: close to the original's quality, no metadata.
SAVE_OPTIONS = {
    "JPEG": {"quality": 92, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 92, "method": 4},
}


# What Pillow may carry over from the original into the re-encoded file: only
# what changes how the pixels look. Anything else (a JPEG comment, EXIF, XMP,
# PNG text) is dropped, since Pillow writes some of them back by default.
KEPT_IMAGE_INFO = ("transparency",)


def in_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """The picture's pixels converted from its colour profile to sRGB, which a
    browser assumes of an image without one, so that it looks the same once
    the profile is gone. The uploaded profile is never kept: it is a file of
    the uploader's, free to carry any bytes. One that cannot be read, or that
    does not fit the picture, is dropped with the pixels left as they are."""
    if not icc_profile:
        return image
    if image.mode not in ("RGB", "RGBA", "L", "CMYK"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


SRGB = ImageCms.createProfile("sRGB")


def strip_metadata(file) -> tuple[bytes, str]:
    """Re-encode an image without EXIF, XMP, comments, text chunks (GPS, author)
    or colour profile.

    The EXIF orientation is applied to the pixels first, so the picture still
    stands the right way up once the tag that said how to turn it is gone; and
    the colour profile is applied to them (`in_srgb`).
    """
    file.seek(0)
    with Image.open(file) as image:
        image_format = image.format
        upright = in_srgb(ImageOps.exif_transpose(image), image.info.get("icc_profile"))
        if image_format == "JPEG" and upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        upright.info = {
            key: value for key, value in upright.info.items() if key in KEPT_IMAGE_INFO
        }
        buffer = io.BytesIO()
        upright.save(buffer, format=image_format, **SAVE_OPTIONS.get(image_format, {}))
    file.seek(0)
    return buffer.getvalue(), image_format


class UploadedImageField(models.ImageField):
    """An image an editor uploads: checked, stored under a random name, cleaned.

    Only real JPEG, PNG or WebP images within the limits are accepted
    (`validate_image_upload`); each lands in `folder` under a random name; and
    before the file is written it is re-encoded without metadata and named
    after its real format, so a PNG sent as photo.jpg is stored and served as
    .png and no original with metadata is ever stored.
    """

    def __init__(self, verbose_name=None, *, folder: str = "", **kwargs):
        if folder:
            kwargs["upload_to"] = RandomImageName(folder)
            kwargs["validators"] = [validate_image_upload]
        super().__init__(verbose_name, **kwargs)

    def deconstruct(self):
        # Migrations hold the plain ImageField with the same name and checks:
        # the cleaning only matters when a model is saved.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content, image_format = strip_metadata(file.file)
            extension = EXTENSION_BY_FORMAT.get(image_format, Path(file.name).suffix)
            file.name = str(Path(file.name).with_suffix(extension))
            file.file = ContentFile(content, name=file.name)
        return super().pre_save(model_instance, add)


def jpeg_rendition(source: str, processor, *, quality: int) -> ImageSpecField:
    """A resized copy that pages show instead of the upload: a progressive,
    optimised JPEG, made when the upload is saved."""
    return ImageSpecField(
        source=source,
        processors=[processor],
        format="JPEG",
        options={"quality": quality, "optimize": True, "progressive": True},
    )


DESCRIPTION_HELP = _("What the image shows, for readers who cannot see it.")


def described_image(
    verbose_name,
    *,
    folder: str,
    description: str,
    description_help=None,
    required: bool = True,
    **image_options,
) -> tuple[UploadedImageField, models.CharField]:
    """An uploaded image and the text that describes it to readers who cannot see
    it, declared together: `cover_image, cover_alt = described_image(...)`.

    A description is needed whenever there is an image: each model says so in a
    CheckConstraint, since only it knows whether the image is optional.
    """
    image = UploadedImageField(
        verbose_name, folder=folder, blank=not required, **image_options
    )
    alt = models.CharField(
        description,
        max_length=250,
        blank=not required,
        help_text=description_help or DESCRIPTION_HELP,
    )
    return image, alt
