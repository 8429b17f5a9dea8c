"""A chosen file survives a save that fails.

A browser never refills a file input, so when a form comes back with an error the
editor's chosen cover or logo would be gone. `KeptFileInput` keeps it: when a bound
form is drawn again with a fresh upload in it, the file is put aside and the page
carries a signed token for it (and says so); the next submit without a new file
uses the kept one. Choosing another file, or ticking "Clear", wins over the kept one.

What is put aside is the image re-encoded as the field would store it (no EXIF,
GPS, comment or colour profile; named after its real format), in the database
(`KeptUpload`), where every app server finds it and no address serves it. A file
that is not an image is not kept. Files older than `MAX_AGE` are deleted by
`delete_stale_kept_uploads()`, daily (`core.tasks.purge_kept_uploads`, or
`manage.py purge_kept_uploads`).

Use it through `KeepsUploadsAdminMixin` on a ModelAdmin (every file and image
field), or as `widget=KeptFileInput` on a form field.
"""

import datetime
import posixpath
import secrets
from pathlib import Path

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename

from .images import EXTENSION_BY_FORMAT, strip_metadata
from .models import KeptUpload

SALT = "core.kept_uploads"
# Where the media storage held kept uploads before they moved to the database.
PUBLIC_DIR = "kept-uploads"
# Long enough to fix a form over lunch; the token is refused after this.
MAX_AGE = datetime.timedelta(days=1)


class RestoredUpload(SimpleUploadedFile):
    """A file chosen in an earlier, failed submit, read back from the database."""

    def __init__(self, name: str, content: bytes, token: str):
        super().__init__(name, content)
        self.kept_token = token


def keep(upload: UploadedFile) -> str | None:
    """Put an upload aside, re-encoded; the signed token names it for a later
    submit. None when it is not an image (nothing is kept)."""
    if token := getattr(upload, "kept_token", None):
        return token
    try:
        content, image_format = strip_metadata(upload)
    except Exception:
        return None
    finally:
        upload.seek(0)
    stem = Path(get_valid_filename(posixpath.basename(upload.name or "")) or "file")
    name = str(stem.with_suffix(EXTENSION_BY_FORMAT.get(image_format, ".bin")))
    kept = KeptUpload.objects.create(
        key=secrets.token_hex(16), name=name[:255], content=content
    )
    return signing.dumps(kept.key, salt=SALT)


def restore(token: str) -> RestoredUpload | None:
    """The file a token names, or None when it is forged, too old or gone."""
    try:
        key = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(key, str):
        return None
    kept = KeptUpload.objects.filter(key=key).first()
    if kept is None:
        return None
    return RestoredUpload(kept.name, bytes(kept.content), token)


def delete_stale_kept_uploads(now: datetime.datetime | None = None) -> int:
    """Delete put-aside files older than MAX_AGE; how many were deleted."""
    cutoff = (now or timezone.now()) - MAX_AGE
    deleted, _by_model = KeptUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted + _delete_public_kept_uploads()


def _delete_public_kept_uploads() -> int:
    """Delete the files a site before this one put aside in the media storage,
    where anyone with the address read them."""
    deleted = 0
    try:
        folders, _files = default_storage.listdir(PUBLIC_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    for folder in folders:
        _dirs, names = default_storage.listdir(f"{PUBLIC_DIR}/{folder}")
        for name in names:
            default_storage.delete(f"{PUBLIC_DIR}/{folder}/{name}")
            deleted += 1
    return deleted


class KeptFileInput(AdminFileWidget):
    """The admin's file input, which keeps a chosen file across a failed save."""

    template_name = "admin/widgets/kept_file_input.html"
    # Turned off by KeepsUploadsFormMixin when the file itself was refused.
    keeps_submitted = True

    @staticmethod
    def kept_name(name: str) -> str:
        return f"{name}__kept"

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is None and (token := data.get(self.kept_name(name))):
            value = restore(token)
        # A file field draws its initial value, never the submitted one; the
        # widget (copied for each form) remembers the upload to keep it.
        self.submitted = value
        return value

    def value_omitted_from_data(self, data, files, name):
        return (
            super().value_omitted_from_data(data, files, name)
            and self.kept_name(name) not in data
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        upload = getattr(self, "submitted", None)
        if (
            self.keeps_submitted
            and isinstance(upload, UploadedFile)
            # Drawn again with an upload in it: the save did not happen.
            and (token := keep(upload))
        ):
            context["widget"]["kept"] = {
                "field_name": self.kept_name(name),
                "token": token,
                "file_name": posixpath.basename(upload.name or ""),
            }
        return context


class KeepsUploadsFormMixin:
    """A form whose KeptFileInput fields keep only files that were themselves
    valid: a refused file (not an image, too large) is not kept."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            if isinstance(field.widget, KeptFileInput) and name in self.errors:
                field.widget.keeps_submitted = False


class KeepsUploadsAdminMixin:
    """Every file and image field of this admin keeps a chosen file when a save
    fails. Put it before ModelAdmin (or TranslationAdmin) in the bases."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs["widget"] = KeptFileInput
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (KeepsUploadsFormMixin, form), {})
