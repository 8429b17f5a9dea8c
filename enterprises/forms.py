"""The admin's import and export forms: size limit, the encodings Chinese offices
use, and columns named in people's words."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from import_export.forms import ImportForm, SelectableFieldsExportForm

from core.spreadsheets import check_csv_rows, check_xlsx_bounds
from core.uploads import refuse_oversized

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
    """Refuses oversized files and hands the importer UTF-8 whatever came in.

    Too many rows, or an XLSX that unpacks too large, is refused here, before
    the library reads the file: reading is what takes long.
    """

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
        max_rows = settings.CLUSTER_IMPORT_MAX_ROWS
        try:
            if self.formats[int(choice)]().is_binary():
                check_xlsx_bounds(
                    upload,
                    max_rows=max_rows,
                    max_unpacked_bytes=settings.CLUSTER_IMPORT_MAX_UNPACKED_BYTES,
                )
                return cleaned
            upload.seek(0)
            text = decode_text(upload.read())
            check_csv_rows(text, max_rows=max_rows)
        except ValidationError as error:
            self.add_error("import_file", error)
            return cleaned
        cleaned["import_file"] = SimpleUploadedFile(
            upload.name, text.encode("utf-8"), content_type="text/csv"
        )
        return cleaned


class DirectoryExportForm(SelectableFieldsExportForm):
    """The columns to export, each named in the editor's language with its name
    in the file ("Name in Chinese (name_zh)"), not the library's "Name Zh"."""

    def _get_field_label(self, resource, field_name: str) -> str:
        column = resource.fields[field_name].column_name
        return resource.column_label(column)
