import io
import tempfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from enterprises.models import Enterprise

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:enterprises_enterprise_import")
PROCESS_URL = reverse("admin:enterprises_enterprise_process_import")
EXPORT_URL = reverse("admin:enterprises_enterprise_export")
CSV, XLSX = "0", "1"

HEADER = (
    "name,name_zh,slug,credit_code,town,categories,certifications,export_markets,"
    "is_member,is_published"
)
ROWS = [
    "Radiant Lamps,光辉灯饰,radiant-lamps,91350100M000100Y43,古镇,"
    '"LED lighting; chandeliers",CE、CCC,"DE, 美国",是,yes',
    "Jade Lighting,翡翠照明,,,henglan,Outdoor lighting,,FR,no,1",
]


def csv_bytes(rows=ROWS, header=HEADER, encoding="utf-8-sig"):
    return "\r\n".join([header, *rows]).encode(encoding)


def upload(client, content, name="directory.csv", file_format=CSV, headers=None):
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
        headers=headers,
    )


def confirm(client, preview):
    form = preview.context["confirm_form"]
    return client.post(PROCESS_URL, {key: form.initial[key] for key in form.fields})


def import_file(client, content, **kwargs):
    preview = upload(client, content, **kwargs)
    assert preview.context.get("confirm_form") is not None, preview.context["result"]
    return confirm(client, preview)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_bom_or_gbk_imports_with_its_chinese_text(
    admin_client, encoding
):
    response = import_file(admin_client, csv_bytes(encoding=encoding))
    assert response.status_code == 302
    radiant = Enterprise.objects.get(slug="radiant-lamps")
    assert radiant.name_zh == "光辉灯饰"
    assert radiant.town.slug == "guzhen"
    assert radiant.is_member and radiant.is_published
    assert sorted(c.slug for c in radiant.categories.all()) == [
        "chandeliers",
        "led-lighting",
    ]
    assert sorted(c.name for c in radiant.certifications.all()) == ["CCC", "CE"]
    assert sorted(m.country.code for m in radiant.export_markets.all()) == ["DE", "US"]
    jade = Enterprise.objects.get(name="Jade Lighting")
    assert jade.slug == "jade-lighting"
    assert not jade.is_member


def test_the_dry_run_shows_a_report_per_row_and_saves_nothing(admin_client):
    preview = upload(admin_client, csv_bytes())
    assertContains(preview, "Radiant Lamps")
    assertContains(preview, "Jade Lighting")
    assert [row.import_type for row in preview.context["result"].rows] == [
        "new",
        "new",
    ]
    assert not Enterprise.objects.exists()


def test_xlsx_imports(admin_client):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "Pearl Light",
            "珍珠灯",
            "",
            "",
            "Xiaolan",
            "Smart lighting",
            "UL",
            "JP",
            "no",
            "yes",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    import_file(
        admin_client, buffer.getvalue(), name="directory.xlsx", file_format=XLSX
    )
    pearl = Enterprise.objects.get(slug="pearl-light")
    assert pearl.town.name == "Xiaolan"
    assert [m.country.code for m in pearl.export_markets.all()] == ["JP"]


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(admin_client):
    rows = [*ROWS, "Broken Lamps,,,91350100M000100Y44,Guzhen,Ghost lamps,,DE,no,yes"]
    preview = upload(admin_client, csv_bytes(rows))
    assert preview.context.get("confirm_form") is None
    invalid = preview.context["result"].invalid_rows
    # The third enterprise sits in the sheet's fourth row, under the header.
    assert [row.number for row in invalid] == [4]
    assert invalid[0].values[:4] == ("Broken Lamps", "", "", "91350100M000100Y44")
    errors = invalid[0].error_dict
    assert "mistyped" in str(errors["credit_code"])
    assert "Unknown product category: “Ghost lamps”" in str(errors["categories"])
    assertContains(preview, "Ghost lamps")
    assert not Enterprise.objects.exists()


def test_a_failure_while_saving_rolls_back_every_row(admin_client, monkeypatch):
    """Even past the dry run, an error on the last row leaves no row behind."""
    preview = upload(admin_client, csv_bytes())
    from enterprises.resources import EnterpriseResource

    original = EnterpriseResource.save_m2m

    def fail_on_jade(self, instance, row, **kwargs):
        if instance.name == "Jade Lighting":
            raise RuntimeError("disk full")
        return original(self, instance, row, **kwargs)

    monkeypatch.setattr(EnterpriseResource, "save_m2m", fail_on_jade)
    response = confirm(admin_client, preview)
    assert not Enterprise.objects.exists()
    assertContains(
        admin_client.get(response.url),
        "Nothing was imported: the file failed at row(s) 2.",
    )


def test_reimporting_updates_instead_of_duplicating(admin_client):
    import_file(admin_client, csv_bytes())
    changed = [
        ROWS[0].replace("光辉灯饰", "光辉灯饰有限公司").replace("radiant-lamps", ""),
        ROWS[1].replace("Outdoor lighting", "Smart lighting"),
    ]
    preview = upload(admin_client, csv_bytes(changed))
    assert [row.import_type for row in preview.context["result"].rows] == [
        "update",
        "update",
    ]
    confirm(admin_client, preview)
    assert Enterprise.objects.count() == 2
    # Keyed on the credit code: the row without a slug still found its enterprise.
    assert Enterprise.objects.get(slug="radiant-lamps").name_zh == "光辉灯饰有限公司"
    jade = Enterprise.objects.get(slug="jade-lighting")
    assert [c.slug for c in jade.categories.all()] == ["smart-lighting"]


def test_a_bad_year_is_a_clear_message_not_a_crash(admin_client):
    header = "name,town,founded_year"
    preview = upload(admin_client, csv_bytes(["Lamps,Guzhen,nineteen"], header))
    errors = preview.context["result"].invalid_rows[0].error_dict
    assert "Write a year such as 2005." in str(errors["founded_year"])


def test_a_file_with_wrong_columns_is_refused_clearly(admin_client):
    preview = upload(
        admin_client, csv_bytes(header="Company,Town,Phone", rows=["a,b,c"])
    )
    assertContains(preview, "This file&#x27;s columns do not fit")
    assertContains(preview, "missing columns: name, town")
    assertContains(preview, "unknown columns: Company, Town, Phone")
    assert preview.context.get("confirm_form") is None
    assert not Enterprise.objects.exists()


def test_a_file_in_neither_utf8_nor_gbk_is_refused_clearly(admin_client):
    preview = upload(admin_client, b"\xff\xfe\x00\x81\x30\xff" * 10)
    assertContains(preview, "This file is neither UTF-8 nor GBK text.")


def test_a_50_mb_file_is_refused_before_reading_it(admin_client):
    big = HEADER.encode() + b"\n" + b"x" * (50 * 1024 * 1024)
    preview = upload(admin_client, big)
    assertContains(preview, "This file is 50.0")
    assertContains(preview, "the limit is 10.0")
    assert not Enterprise.objects.exists()


def test_the_size_limit_is_a_setting(admin_client, settings):
    settings.CLUSTER_IMPORT_MAX_BYTES = 100
    assertContains(upload(admin_client, csv_bytes()), "the limit is 100")


def test_a_spreadsheet_that_is_not_xlsx_is_refused_clearly(admin_client):
    preview = upload(admin_client, b"not a zip", name="x.xlsx", file_format=XLSX)
    assertContains(preview, "Ensure you have chosen the correct format")


def test_exported_csv_opens_in_excel_as_utf8(admin_client):
    import_file(admin_client, csv_bytes())
    response = admin_client.post(
        EXPORT_URL, {"format": CSV, "resource": "0", **_all_fields()}
    )
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("name,name_zh,slug,credit_code,town")
    assert "光辉灯饰" in text
    assert "Chandeliers; LED lighting" in text
    assert "DE; US" in text


def test_exported_file_imports_back_unchanged(admin_client):
    import_file(admin_client, csv_bytes())
    exported = admin_client.post(
        EXPORT_URL, {"format": XLSX, "resource": "0", **_all_fields()}
    ).content
    assert load_workbook(io.BytesIO(exported)).active.max_row == 3
    preview = upload(admin_client, exported, name="x.xlsx", file_format=XLSX)
    assert [row.import_type for row in preview.context["result"].rows] == [
        "update",
        "update",
    ]


def _all_fields():
    from enterprises.resources import EnterpriseResource

    return {
        f"enterpriseresource_{name}": "on" for name in EnterpriseResource._meta.fields
    }


def test_the_description_columns_fill_english_and_chinese_whatever_the_admin_language(
    admin_client,
):
    admin_client.cookies["django_language"] = "zh-hans"  # an editor in Chinese
    header = "name,town,description,description_zh_hans"
    rows = ["Radiant Lamps,古镇,Makers of chandeliers.,专业生产水晶吊灯。"]

    import_file(admin_client, csv_bytes(rows, header))

    radiant = Enterprise.objects.get(slug="radiant-lamps")
    assert radiant.description_en == "Makers of chandeliers."
    assert radiant.description_zh_hans == "专业生产水晶吊灯。"
    exported = admin_client.post(
        EXPORT_URL, {"format": CSV, "resource": "0", **_all_fields()}
    ).content.decode("utf-8-sig")
    header_cells = exported.splitlines()[0].split(",")
    assert "description" in header_cells and "description_zh_hans" in header_cells
    assert "Makers of chandeliers.,专业生产水晶吊灯。" in exported


def test_confirming_the_same_import_twice_says_so_instead_of_failing(admin_client):
    preview = upload(admin_client, csv_bytes())
    confirm(admin_client, preview)

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert response["Location"] == IMPORT_URL
    assertContains(admin_client.get(IMPORT_URL), "already done or has expired")
    assert Enterprise.objects.count() == 2


@pytest.mark.parametrize("forged_format", ["99", "x"])
def test_a_confirmation_with_a_forged_format_imports_nothing(
    admin_client, forged_format
):
    preview = upload(admin_client, csv_bytes())
    form = preview.context["confirm_form"]
    data = {key: form.initial[key] for key in form.fields} | {"format": forged_format}

    response = admin_client.post(PROCESS_URL, data)

    assert response.status_code == 302
    assert not Enterprise.objects.exists()


def test_an_export_address_with_an_unknown_filter_leads_back_to_the_list(
    admin_client, enterprise_factory
):
    enterprise_factory()

    response = admin_client.get(EXPORT_URL, {"no_such_filter": "1"}, follow=True)

    assertContains(response, "filters in this export")
    assert response.redirect_chain[-1][0] == reverse(
        "admin:enterprises_enterprise_changelist"
    )


def test_the_confirmation_imports_on_an_app_server_other_than_the_previews(
    admin_client, monkeypatch, tmp_path
):
    preview = upload(admin_client, csv_bytes())
    # Another server behind the load balancer has its own, empty, temp folder.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert Enterprise.objects.count() == 2


def test_row_numbers_are_the_rows_excel_shows_blank_rows_included(admin_client):
    rows = [ROWS[0], ",,,,,,,,,", ROWS[1], "Bad Lamps,,,,Atlantis,,,,no,yes"]
    preview = upload(admin_client, csv_bytes(rows))

    invalid = preview.context["result"].invalid_rows
    assert [row.number for row in invalid] == [5]


def test_the_preview_names_columns_in_people_s_words_and_shows_markets(
    admin_client,
):
    preview = upload(admin_client, csv_bytes(), headers={"accept-language": "zh-CN,zh"})

    headers = preview.context["result"].diff_headers
    assert "中文名称（name_zh）" in headers
    assert "出口市场（export_markets）" in headers
    assert not [header for header in headers if header.isupper()]
    radiant = preview.context["result"].valid_rows()[0].diff
    assert "DE; US" in radiant[headers.index("出口市场（export_markets）")]
    assertContains(preview, "<th>中文名称（name_zh）</th>", html=True)


def test_the_export_screen_names_columns_in_the_editor_s_language(admin_client):
    response = admin_client.get(EXPORT_URL, headers={"accept-language": "zh-CN,zh"})

    assertContains(response, "中文名称（name_zh）")
    assertNotContains(response, "Name Zh")
