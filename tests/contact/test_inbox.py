import csv
import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from contact.models import Message
from news.models import Release

pytestmark = pytest.mark.django_db

INBOX = reverse("admin:contact_message_changelist")


def change_url(message):
    return reverse("admin:contact_message_change", args=[message.pk])


def test_message_handler_group_holds_only_what_the_inbox_needs():
    group = Group.objects.get(name="message handler")
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "view_message",
        "change_message",
        "delete_message",
    }


def test_handler_works_the_inbox_but_cannot_edit_releases(
    client, handler, message_factory, release_factory
):
    message = message_factory(name="Ana Souza", company="Lumen Brasil")
    response = client.get(INBOX)
    assertContains(response, "Ana Souza")
    assertContains(response, "Lumen Brasil")
    response = client.post(
        change_url(message), {"status": "replied", "staff_note": "Quoted by phone."}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Message.Status.REPLIED
    assert message.staff_note == "Quoted by phone."
    release = release_factory()
    assert client.get(reverse("admin:news_release_changelist")).status_code == 403
    edit = reverse("admin:news_release_change", args=[release.pk])
    assert client.get(edit).status_code == 403
    assert client.get(reverse("admin:contact_message_add")).status_code == 403


def test_what_the_visitor_wrote_is_read_only(client, handler, message_factory):
    message = message_factory(name="Ana Souza", body="Original words.")
    client.post(
        change_url(message),
        {"name": "Changed", "body": "Changed", "status": "read", "staff_note": ""},
    )
    message.refresh_from_db()
    assert (message.name, message.body, message.status) == (
        "Ana Souza",
        "Original words.",
        Message.Status.READ,
    )


def test_script_in_a_message_shows_escaped_in_the_inbox(
    client, handler, message_factory
):
    message = message_factory(name="<script>alert(1)</script>", body="<script>x()")
    for url in (INBOX, change_url(message)):
        response = client.get(url)
        assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
        assertNotContains(response, "<script>alert(1)")
        assertNotContains(response, "<script>x()")


def test_inbox_list_shows_first_words_and_runs_constant_queries(
    client, handler, message_factory, django_assert_max_num_queries
):
    long = " ".join(f"word{number}" for number in range(60))
    message_factory(body=long)
    with django_assert_max_num_queries(20) as few:
        client.get(INBOX)
    for _ in range(30):
        message_factory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(INBOX)
    assertContains(response, "word0 word1")
    assertContains(response, "word30")
    assertNotContains(response, "word40")


def test_inbox_list_shortens_chinese_messages_too(client, handler, message_factory):
    message_factory(body="灯" * 500)
    response = client.get(INBOX)
    assertContains(response, "灯" * 239 + "…")
    assertNotContains(response, "灯" * 240)


def test_bulk_actions_set_the_status(client, handler, message_factory):
    messages = [message_factory() for _ in range(3)]
    for action, status in [
        ("mark_read", "read"),
        ("mark_replied", "replied"),
        ("mark_spam", "spam"),
        ("mark_archived", "archived"),
    ]:
        response = client.post(
            INBOX,
            {"action": action, "_selected_action": [m.pk for m in messages[:2]]},
            follow=True,
        )
        assertContains(response, f"2 messages are now “{status.capitalize()}”.")
        assert list(
            Message.objects.order_by("pk").values_list("status", flat=True)
        ) == [status, status, "new"]


def test_filters_by_status_source_and_search(
    client, handler, message_factory, release_factory
):
    release = release_factory()
    on_release = message_factory(
        name="From a release",
        content_type=ContentType.objects.get_for_model(Release),
        object_id=release.pk,
    )
    general = message_factory(name="From the footer", company="Acme Lamps")
    spam = message_factory(name="Spammer", status=Message.Status.SPAM)
    response = client.get(INBOX, {"status__exact": "spam"})
    assert list(response.context["cl"].result_list) == [spam]
    response = client.get(INBOX, {"source": "general"})
    assert set(response.context["cl"].result_list) == {general, spam}
    response = client.get(
        INBOX, {"source": ContentType.objects.get_for_model(Release).pk}
    )
    assert list(response.context["cl"].result_list) == [on_release]
    response = client.get(INBOX, {"q": "acme"})
    assert list(response.context["cl"].result_list) == [general]
    response = client.get(
        INBOX, {"created_at__gte": timezone.now() + datetime.timedelta(days=1)}
    )
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("source", ["²", "99999999999999999999999", "12345"])
def test_an_unknown_source_in_the_address_leaves_the_inbox_unfiltered(
    client, handler, message_factory, source
):
    message = message_factory()

    response = client.get(INBOX, {"source": source})

    assert list(response.context["cl"].result_list) == [message]


def test_csv_export_opens_in_excel_with_chinese_intact(
    client, handler, message_factory
):
    chosen = message_factory(
        name="李明",
        company="古镇灯饰",
        phone="+86 760 2222 3333",
        body='=HYPERLINK("http://evil")',
    )
    message_factory(name="Not chosen")
    response = client.post(
        INBOX, {"action": "export_csv", "_selected_action": [chosen.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["received", "status", "name"]
    assert len(rows) == 2
    assert rows[1][2] == "李明"
    assert "古镇灯饰" in rows[1]
    # A visitor's text must never run as a formula in Excel.
    assert '\'=HYPERLINK("http://evil")' in rows[1]


def test_xlsx_export_holds_the_chosen_messages_as_text(
    client, handler, message_factory
):
    chosen = message_factory(name="李明", company="=1+2", body="@SUM(A1:A9) 灯饰")
    message_factory(name="Not chosen")

    response = client.post(
        INBOX, {"action": "export_xlsx", "_selected_action": [chosen.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["received", "status", "name"]
    assert len(rows) == 2
    assert rows[1][1:3] == ["New", "李明"]
    # Nothing a visitor typed becomes a formula in the workbook: it is text,
    # shown as typed.
    assert {"@SUM(A1:A9) 灯饰", "=1+2"} <= set(rows[1])
    assert all(cell.data_type != "f" for cell in sheet[2])


def test_admin_index_shows_how_many_messages_are_new(client, handler, message_factory):
    message_factory()
    message_factory()
    message_factory(status=Message.Status.READ)
    response = client.get(reverse("admin:index"))
    assertContains(response, "2 new messages")
    assertContains(response, f"{INBOX}?status__exact=new")


def test_admin_index_hides_the_count_from_staff_without_the_inbox(
    client, message_factory
):
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_release"))
    client.force_login(editor)
    message_factory()
    response = client.get(reverse("admin:index"))
    assertNotContains(response, "new message")


def test_inbox_links_in_older_staff_mail_lead_to_the_message(admin_client):
    message = Message.objects.create(
        name="Li Ming", phone="+86 760 2222 3333", body="Hi"
    )

    response = admin_client.get(f"/admin/cluster_cms/message/{message.pk}/change/")

    assert response.status_code == 301
    assert response["Location"] == change_url(message)
    assertContains(admin_client.get(response["Location"]), "Li Ming")
