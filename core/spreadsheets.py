"""Spreadsheets staff download and upload: what Excel must never run, how big they get.

Text that visitors or editors typed goes out in CSV and XLSX files that staff
open in Excel or WPS. A cell beginning with one of FORMULA_STARTS is run as a
formula there (`=HYPERLINK(...)`, `+cmd|...`), so every exported cell is text.
"""

import csv
import io
import re
import zipfile

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.reader.excel import ExcelReader

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own sign for "this cell is text", which it shows but does not run.
TEXT_PREFIX = "'"


def csv_cell(value) -> str:
    """A value as a CSV cell that a spreadsheet shows and never runs."""
    text = "" if value is None else str(value)
    return TEXT_PREFIX + text if text.startswith(FORMULA_STARTS) else text


def unescape_csv_cell(text: str) -> str:
    """The value `csv_cell` wrote, so an exported file imports unchanged."""
    if text.startswith(TEXT_PREFIX) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class TextOnlyCSV(base_formats.CSV):
    """CSV whose cells a spreadsheet never runs as formulas."""

    def export_data(self, dataset, **kwargs):
        escaped = dataset.__class__(headers=dataset.headers)
        for row in dataset:
            escaped.append([csv_cell(cell) for cell in row])
        return escaped.export("csv", **kwargs)


class TextOnlyXLSX(base_formats.XLSX):
    """XLSX whose text cells are stored as text, never as formulas.

    openpyxl (and so tablib) stores a string beginning with "=" as a formula;
    here every string is written as an inline string, which Excel shows as
    typed, "==HYPERLINK(...)" included.
    """

    def export_data(self, dataset, **kwargs):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Sheet1")
        for row in [dataset.headers or [], *dataset]:
            sheet.append([self._cell(sheet, value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def _cell(sheet, value) -> WriteOnlyCell:
        if not isinstance(value, str):
            return WriteOnlyCell(sheet, value=value)
        # Characters XML cannot hold would abort the whole file.
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))
        cell.data_type = "s"
        return cell


# An XLSX worksheet holds one <row> element per row (with or without a prefix),
# its number in `r` when given; `<rowBreaks>` and the like are not rows.
XLSX_ROW = re.compile(rb"<(?:[\w.-]+:)?row(?=[\s>/])([^>]*)>")
ROW_NUMBER = re.compile(rb"""\br\s*=\s*["']\s*(\d+)""")
READ_CHUNK = 1 << 20


def _count_xlsx_rows(archive: zipfile.ZipFile, name: str) -> int:
    """The rows a reader yields from a worksheet: as openpyxl numbers them, a
    row is the one its `r` says (the rows skipped in between are yielded
    empty) or the one after the last."""
    last = rows = 0
    tail = b""
    with archive.open(name) as member:
        while chunk := member.read(READ_CHUNK):
            window = tail + chunk
            # A tag cut between two chunks is read whole with the next one.
            cut = window.rfind(b"<")
            if cut != -1 and window.find(b">", cut) == -1:
                window, tail = window[:cut], window[cut:]
            else:
                tail = b""
            for attributes in XLSX_ROW.findall(window):
                number = ROW_NUMBER.search(attributes)
                last = int(number.group(1)) if number else last + 1
                rows = max(rows, last)
    return rows


def _worksheet_parts(file) -> list[str]:
    """The parts of the archive holding the workbook's sheets, found as openpyxl
    finds them when it reads the file (the package's relationships, whatever
    the parts are called or wherever they are)."""
    reader = ExcelReader(file, read_only=True)
    try:
        reader.read_manifest()
        reader.read_workbook()
        return [rel.target for _sheet, rel in reader.parser.find_sheets()]
    finally:
        reader.archive.close()


def _too_many_rows(rows: int, limit: int) -> ValidationError:
    return ValidationError(
        _(
            "This file has %(rows)s rows; at most %(limit)s can be imported at "
            "once. Split it in parts."
        ),
        code="import_too_many_rows",
        params={"rows": rows, "limit": limit},
    )


def check_xlsx_bounds(file, *, max_rows: int, max_unpacked_bytes: int) -> None:
    """Refuse, before any parsing, an XLSX that unpacks too large or is too long.

    An XLSX is a zip archive: a small upload can unpack to hundreds of
    megabytes of XML, which a spreadsheet library then reads for minutes. The
    sizes the archive declares are what zipfile will read at most.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            if unpacked > max_unpacked_bytes:
                raise ValidationError(
                    _(
                        "This spreadsheet unpacks to %(size)s; the limit is "
                        "%(limit)s. Split it in parts."
                    ),
                    code="import_unpacks_too_large",
                    params={
                        "size": filesizeformat(unpacked),
                        "limit": filesizeformat(max_unpacked_bytes),
                    },
                )
            rows = _rows_of_every_sheet(file, archive)
    except (zipfile.BadZipFile, OSError, EOFError):
        # No archive at all: the library says the file is not the chosen format.
        return
    finally:
        file.seek(0)
    # The header is a row too.
    if rows - 1 > max_rows:
        raise _too_many_rows(rows - 1, max_rows)


def _rows_of_every_sheet(file, archive: zipfile.ZipFile) -> int:
    """The rows of the workbook's longest sheet (the library reads one, but
    which is the workbook's to say)."""
    file.seek(0)
    try:
        sheets = _worksheet_parts(file)
        return max((_count_xlsx_rows(archive, name) for name in sheets), default=0)
    except Exception:
        # A workbook openpyxl cannot find its sheets in: the library, reading
        # it the same way, says the file is not the chosen format.
        return 0


def check_csv_rows(text: str, *, max_rows: int) -> None:
    """Refuse a CSV text of more than `max_rows` rows below its header."""
    # The header is a row too.
    rows = sum(1 for _row in csv.reader(io.StringIO(text))) - 1
    if rows > max_rows:
        raise _too_many_rows(rows, max_rows)
