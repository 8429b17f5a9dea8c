"""What every upload (an image, a spreadsheet) is held to."""

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise


def refuse_oversized(upload: File, max_bytes: int, message: Promise, *, code: str):
    """Raise `message` (with `%(size)s` and `%(limit)s`) if `upload` is too large."""
    if upload.size > max_bytes:
        raise ValidationError(
            message,
            code=code,
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(max_bytes),
            },
        )
