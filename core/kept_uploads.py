"""A chosen file survives a save that fails.

A browser never refills a file input, so when a form comes back with an error the
editor's chosen cover or logo would be gone. `KeptFileInput` keeps it: when a bound
form is drawn again with a fresh upload in it, the file is put aside in the media
storage under `kept-uploads/` and the page carries a signed token for it (and says
so); the next submit without a new file uses the kept one. Choosing another file,
or ticking "Clear", wins over the kept one.

Use it through `KeepsUploadsAdminMixin` on a ModelAdmin (every file and image
field), or as `widget=KeptFileInput` on a form field. Put-aside files older than
`MAX_AGE` are deleted by `delete_stale_kept_uploads()` (run by `manage.py
purge_kept_uploads`).
"""

import datetime
import posixpath
import secrets

from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.text import get_valid_filename

KEPT_DIR = "kept-uploads"
SALT = "core.kept_uploads"
# Long enough to fix a form over lunch; the token is refused after this.
MAX_AGE = datetime.timedelta(days=1)


class KeptUpload(SimpleUploadedFile):
    """A file chosen in an earlier, failed submit, read back from storage."""

    def __init__(self, name: str, content: bytes, token: str):
        super().__init__(name, content)
        self.kept_token = token


def keep(upload: UploadedFile) -> str:
    """Put an upload aside; the signed token names it for a later submit."""
    if token := getattr(upload, "kept_token", None):
        return token
    name = get_valid_filename(posixpath.basename(upload.name or "file")) or "file"
    upload.seek(0)
    path = default_storage.save(f"{KEPT_DIR}/{secrets.token_hex(8)}/{name}", upload)
    upload.seek(0)
    return signing.dumps(path, salt=SALT)


def restore(token: str) -> KeptUpload | None:
    """The file a token names, or None when it is forged, too old or gone."""
    try:
        path = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(path, str) or not path.startswith(f"{KEPT_DIR}/"):
        return None
    try:
        with default_storage.open(path) as stored:
            content = stored.read()
    except (OSError, SuspiciousFileOperation):
        return None
    return KeptUpload(posixpath.basename(path), content, token)


def delete_stale_kept_uploads(now: datetime.datetime | None = None) -> int:
    """Delete put-aside files older than MAX_AGE; how many were deleted."""
    cutoff = (now or timezone.now()) - MAX_AGE
    deleted = 0
    try:
        folders, _files = default_storage.listdir(KEPT_DIR)
    except FileNotFoundError:
        return 0
    for folder in folders:
        _dirs, names = default_storage.listdir(f"{KEPT_DIR}/{folder}")
        for name in names:
            path = f"{KEPT_DIR}/{folder}/{name}"
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
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
        if self.keeps_submitted and isinstance(upload, UploadedFile):
            # Drawn again with an upload in it: the save did not happen.
            context["widget"]["kept"] = {
                "field_name": self.kept_name(name),
                "token": keep(upload),
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
