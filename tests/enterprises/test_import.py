import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from pytest_django.asserts import assertContains, assertNotContains

from enterprises.models import DirectoryImport, Enterprise

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


def upload(client, content, name="directory.csv", file_format=CSV):
    return client.post(
        IMPORT_URL,
        {
            "resource": "0",
            "format": file_format,
            "import_file": SimpleUploadedFile(name, content),
        },
    )


def check_file(client, run_tasks, content, **kwargs):
    """Upload a file, let a worker check it: the page the editor then sees."""
    response = upload(client, content, **kwargs)
    assert response.status_code == 302, response.content
    run_tasks()
    return client.get(response.url)


def confirm_import(client, run_tasks, preview):
    """Confirm a checked import and let a worker import it: the page then."""
    job = preview.context["job"]
    url = reverse("admin:enterprises_enterprise_import_confirm", args=[job.pk])
    response = client.post(url)
    run_tasks()
    return client.get(response.url)


def import_spreadsheet(client, run_tasks, content, **kwargs):
    preview = check_file(client, run_tasks, content, **kwargs)
    assert preview.context["job"].status == "checked", preview.context["job"].report
    return confirm_import(client, run_tasks, preview)


def row_types(page) -> list[str]:
    return [row["type"] for row in page.context["job"].report["rows"]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_with_bom_or_gbk_imports_with_its_chinese_text(
    import_file, encoding
):
    page = import_file(csv_bytes(encoding=encoding))
    assertContains(page, "imported")
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


def test_the_upload_only_queues_the_check_and_the_page_shows_progress(
    admin_client,
):
    response = upload(admin_client, csv_bytes())

    page = admin_client.get(response.url)
    assertContains(page, "being checked")
    assertContains(page, "This page refreshes by itself.")
    assertContains(page, '<meta http-equiv="refresh" content="2">')
    assert not Enterprise.objects.exists()


def test_the_page_shows_rows_done_of_all_rows_while_a_worker_runs(
    admin_client, monkeypatch
):
    from enterprises import imports

    response = upload(admin_client, csv_bytes())
    job = DirectoryImport.objects.get()
    DirectoryImport.objects.filter(pk=job.pk).update(rows_total=20_000)
    monkeypatch.setattr(imports, "rows_done", lambda job: 1_234)

    assertContains(admin_client.get(response.url), "1234 of 20000 rows done.")


def test_the_dry_run_shows_a_report_per_row_and_saves_nothing(check):
    preview = check(csv_bytes())
    assertContains(preview, "Radiant Lamps")
    assertContains(preview, "Jade Lighting")
    assertContains(preview, "Confirm import")
    assert row_types(preview) == ["new", "new"]
    assert not Enterprise.objects.exists()


def test_xlsx_imports(import_file):
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
    import_file(buffer.getvalue(), name="directory.xlsx", file_format=XLSX)
    pearl = Enterprise.objects.get(slug="pearl-light")
    assert pearl.town.name == "Xiaolan"
    assert [m.country.code for m in pearl.export_markets.all()] == ["JP"]


def test_one_bad_row_imports_nothing_and_names_the_row_and_field(check):
    rows = [*ROWS, "Broken Lamps,,,91350100M000100Y44,Guzhen,Ghost lamps,,DE,no,yes"]
    preview = check(csv_bytes(rows))
    job = preview.context["job"]
    assert job.status == "refused"
    assertNotContains(preview, "Confirm import")
    # The header is Excel's row 1: the third enterprise is on row 4.
    assert job.report["error_rows"] == [4]
    errors = " ".join(job.report["rows"][2]["errors"])
    assert "mistyped" in errors
    assert "Unknown product category: “Ghost lamps”" in errors
    assertContains(
        preview,
        "Nothing was imported: the file failed at row(s) 4, numbered as in Excel.",
    )
    assert [row["number"] for row in job.report["rows"]] == [2, 3, 4]
    assertContains(preview, "Ghost lamps")
    assert not Enterprise.objects.exists()


def test_row_numbers_count_blank_rows_as_excel_does(check):
    rows = [ROWS[0], ",,,,,,,,,", "Broken Lamps,,,,Guzhen,Ghost lamps,,DE,no,yes"]
    preview = check(csv_bytes(rows))
    job = preview.context["job"]
    assert [row["number"] for row in job.report["rows"]] == [2, 4]
    assert job.report["error_rows"] == [4]
    assertContains(preview, '<th scope="col">Row in Excel</th>', html=True)


def test_a_failure_while_saving_rolls_back_every_row(check, confirm, monkeypatch):
    """Even past the dry run, an error on the last row leaves no row behind."""
    preview = check(csv_bytes())
    from enterprises.resources import EnterpriseResource

    original = EnterpriseResource.save_m2m

    def fail_on_jade(self, instance, row, **kwargs):
        if instance.name == "Jade Lighting":
            raise RuntimeError("disk full")
        return original(self, instance, row, **kwargs)

    monkeypatch.setattr(EnterpriseResource, "save_m2m", fail_on_jade)
    page = confirm(preview)
    assert not Enterprise.objects.exists()
    assertContains(
        page, "Nothing was imported: the file failed at row(s) 3, numbered as in Excel."
    )


def test_reimporting_updates_instead_of_duplicating(import_file, check, confirm):
    import_file(csv_bytes())
    changed = [
        ROWS[0].replace("光辉灯饰", "光辉灯饰有限公司").replace("radiant-lamps", ""),
        ROWS[1].replace("Outdoor lighting", "Smart lighting"),
    ]
    preview = check(csv_bytes(changed))
    assert row_types(preview) == ["update", "update"]
    confirm(preview)
    assert Enterprise.objects.count() == 2
    # Keyed on the credit code: the row without a slug still found its enterprise.
    assert Enterprise.objects.get(slug="radiant-lamps").name_zh == "光辉灯饰有限公司"
    jade = Enterprise.objects.get(slug="jade-lighting")
    assert [c.slug for c in jade.categories.all()] == ["smart-lighting"]


def test_a_bad_year_is_a_clear_message_not_a_crash(check):
    header = "name,town,founded_year"
    preview = check(csv_bytes(["Lamps,Guzhen,nineteen"], header))
    assertContains(preview, "Write a year such as 2005.")


def test_a_file_with_wrong_columns_is_refused_clearly(check):
    preview = check(csv_bytes(header="Company,Town,Phone", rows=["a,b,c"]))
    assertContains(preview, "This file&#x27;s columns do not fit")
    assertContains(preview, "missing columns: name, town")
    assertContains(preview, "unknown columns: Company, Town, Phone")
    assertNotContains(preview, "Confirm import")
    assert not Enterprise.objects.exists()


def test_a_file_in_neither_utf8_nor_gbk_is_refused_clearly(admin_client):
    preview = upload(admin_client, b"\xff\xfe\x00\x81\x30\xff" * 10)
    assertContains(preview, "This file is neither UTF-8 nor GBK text.")


def test_a_50_mb_file_is_refused_before_reading_it(admin_client):
    big = HEADER.encode() + b"\n" + b"x" * (50 * 1024 * 1024)
    preview = upload(admin_client, big)
    assertContains(preview, "This file is 50.0")
    assertContains(preview, "the limit is 10.0")
    assert not DirectoryImport.objects.exists()


def test_the_size_limit_is_a_setting(admin_client, settings):
    settings.CLUSTER_IMPORT_MAX_BYTES = 100
    assertContains(upload(admin_client, csv_bytes()), "the limit is 100")


def test_a_spreadsheet_that_is_not_xlsx_is_refused_clearly(check):
    preview = check(b"not a zip", name="x.xlsx", file_format=XLSX)
    assertContains(preview, "Ensure you have chosen the correct format")
    assertNotContains(preview, "Confirm import")


def test_exported_csv_opens_in_excel_as_utf8(admin_client, import_file):
    import_file(csv_bytes())
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


def test_exported_file_imports_back_unchanged(admin_client, import_file, check):
    import_file(csv_bytes())
    exported = admin_client.post(
        EXPORT_URL, {"format": XLSX, "resource": "0", **_all_fields()}
    ).content
    assert load_workbook(io.BytesIO(exported)).active.max_row == 3
    preview = check(exported, name="x.xlsx", file_format=XLSX)
    assert row_types(preview) == ["update", "update"]


def _all_fields():
    from enterprises.resources import EnterpriseResource

    return {
        f"enterpriseresource_{name}": "on" for name in EnterpriseResource._meta.fields
    }


def test_the_description_columns_fill_english_and_chinese_whatever_the_admin_language(
    admin_client, import_file
):
    admin_client.cookies["django_language"] = "zh-hans"  # an editor in Chinese
    header = "name,town,description,description_zh_hans"
    rows = ["Radiant Lamps,古镇,Makers of chandeliers.,专业生产水晶吊灯。"]

    import_file(csv_bytes(rows, header))

    radiant = Enterprise.objects.get(slug="radiant-lamps")
    assert radiant.description_en == "Makers of chandeliers."
    assert radiant.description_zh_hans == "专业生产水晶吊灯。"
    exported = admin_client.post(
        EXPORT_URL, {"format": CSV, "resource": "0", **_all_fields()}
    ).content.decode("utf-8-sig")
    header_cells = exported.splitlines()[0].split(",")
    assert "description" in header_cells and "description_zh_hans" in header_cells
    assert "Makers of chandeliers.,专业生产水晶吊灯。" in exported


def test_confirming_the_same_import_twice_says_so_and_imports_once(
    admin_client, check, confirm
):
    preview = check(csv_bytes())
    confirm(preview)

    page = confirm(preview)

    assertContains(page, "already done or has been replaced")
    assert Enterprise.objects.count() == 2


def test_one_import_at_a_time_per_editor(admin_client, check, django_user_model):
    first = upload(admin_client, csv_bytes())

    second = upload(admin_client, csv_bytes(ROWS[:1]))

    assert second.url == first.url  # back to the import still running
    assertContains(admin_client.get(second.url), "One import at a time")
    assert DirectoryImport.objects.count() == 1
    # Another editor is not held up by it.
    other = django_user_model.objects.create_superuser("other", password="pw-1234-x")
    admin_client.force_login(other)
    assert upload(admin_client, csv_bytes()).url != first.url


def test_a_new_upload_replaces_a_checked_one_that_was_not_confirmed(
    admin_client, check
):
    stale = check(csv_bytes()).context["job"]
    check(csv_bytes(ROWS[:1]))

    stale.refresh_from_db()
    assert stale.status == "discarded"
    url = reverse("admin:enterprises_enterprise_import_confirm", args=[stale.pk])
    admin_client.post(url)
    assert not DirectoryImport.objects.filter(status="importing").exists()


def test_an_editor_cannot_see_or_confirm_another_editors_import(
    admin_client, check, client, django_user_model
):
    job = check(csv_bytes()).context["job"]
    other = django_user_model.objects.create_superuser("other", password="pw-1234-x")
    client.force_login(other)

    status = reverse("admin:enterprises_enterprise_import_status", args=[job.pk])
    assert client.get(status).status_code == 404
    confirm_url = reverse("admin:enterprises_enterprise_import_confirm", args=[job.pk])
    assert client.post(confirm_url).status_code == 404
    assert not Enterprise.objects.exists()


def test_the_old_confirmation_address_imports_nothing(admin_client, check):
    check(csv_bytes())

    response = admin_client.post(PROCESS_URL, {"import_file_name": "x"})

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


def test_the_export_screen_names_columns_in_the_editor_s_language(admin_client):
    response = admin_client.get(EXPORT_URL, headers={"accept-language": "zh-CN,zh"})

    assertContains(response, "中文名称（name_zh）")
    assertContains(response, "出口市场（export_markets）")
    assertNotContains(response, "Name Zh")


def test_the_preview_shows_every_column_named_in_the_editor_s_language(
    admin_client, check
):
    admin_client.cookies["django_language"] = "zh-hans"  # an editor in Chinese
    preview = check(csv_bytes())

    for label in ("中文名称（name_zh）", "出口市场（export_markets）", "镇区（town）"):
        assertContains(preview, f'<th scope="col">{label}</th>', html=True)
    assertNotContains(preview, "NAME_ZH")
    # Every imported column shows its cell, export markets included.
    assertContains(preview, "<td>DE, 美国</td>", html=True)
    assertContains(preview, "<td>光辉灯饰</td>", html=True)


def test_a_bad_cell_is_named_by_its_column_in_people_s_words(check):
    preview = check(csv_bytes(["Lamps,Guzhen,nineteen"], "name,town,founded_year"))

    errors = " ".join(preview.context["job"].report["rows"][0]["errors"])
    assert errors == "Year founded (founded_year): Write a year such as 2005."
