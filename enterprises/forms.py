"""The admin's import form: size limit and the encodings Chinese offices use."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm

from cluster_cms.uploads import refuse_oversized

# Excel saves "CSV UTF-8" with a byte-order mark and plain "CSV" in the system's
# code page, GBK on Chinese Windows; GB18030 is the superset that reads both.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(raw: bytes) -> str:
    """The text of a CSV file in UTF-8 (with or without BOM) or GBK."""
    for encoding in CSV_ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _(
            "This file is neither UTF-8 nor GBK text. Save it from your "
            "spreadsheet as “CSV UTF-8” or as Excel (.xlsx)."
        ),
        code="import_encoding",
    )


class DirectoryImportForm(ImportForm):
    """Refuses oversized files and hands the importer UTF-8 whatever came in."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        refuse_oversized(
            upload,
            settings.CLUSTER_IMPORT_MAX_BYTES,
            _("This file is %(size)s; the limit is %(limit)s. Split it in parts."),
            code="import_too_large",
        )
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, choice = cleaned.get("import_file"), cleaned.get("format")
        if upload is None or choice in (None, ""):
            return cleaned
        if self.formats[int(choice)]().is_binary():
            return cleaned
        upload.seek(0)
        try:
            text = decode_text(upload.read())
        except ValidationError as error:
            self.add_error("import_file", error)
            return cleaned
        cleaned["import_file"] = SimpleUploadedFile(
            upload.name, text.encode("utf-8"), content_type="text/csv"
        )
        return cleaned
