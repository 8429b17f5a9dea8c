import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from contact.models import Message
from pages.models import SiteSettings

pytestmark = pytest.mark.django_db

INBOX = reverse("admin:contact_message_changelist")
PERSONAL_DATA = reverse("admin:contact_message_personal_data")


def test_the_inbox_links_the_email_and_what_the_message_is_about(
    client, handler, message_factory, release_factory
):
    release = release_factory(title="Guzhen fair opens")
    message_factory(
        email="ana@example.com",
        content_type=ContentType.objects.get_for_model(release),
        object_id=release.pk,
    )

    response = client.get(INBOX)

    assertContains(
        response,
        '<a href="mailto:ana@example.com">ana@example.com</a>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="{release.get_absolute_url()}">release · Guzhen fair opens</a>',
        html=True,
    )
    assertContains(response, '<td class="field-status">New</td>', html=True)


def test_the_inbox_speaks_of_the_visitors_name_as_xingming_in_chinese(
    client, handler, message_factory
):
    message_factory()

    response = client.get(INBOX, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assertContains(response, "姓名")


def test_opening_a_new_message_marks_it_read(client, handler, message_factory):
    message = message_factory()

    client.get(reverse("admin:contact_message_change", args=[message.pk]))

    message.refresh_from_db()
    assert message.status == Message.Status.READ


def test_opening_a_replied_message_leaves_its_status(client, handler, message_factory):
    message = message_factory(status=Message.Status.REPLIED)

    client.get(reverse("admin:contact_message_change", args=[message.pk]))

    message.refresh_from_db()
    assert message.status == Message.Status.REPLIED


def test_a_visitors_data_is_exported_whole(client, handler, message_factory):
    message_factory(email="ana@example.com", body="First question", phone="123")
    message_factory(email="ANA@example.com", body="Second question")
    message_factory(email="other@example.com", body="Not hers")

    response = client.get(PERSONAL_DATA, {"who": "ana@example.com", "export": "1"})

    assert response["Content-Disposition"].startswith("attachment;")
    exported = json.loads(response.content)
    assert [row["body"] for row in exported] == ["First question", "Second question"]
    assert exported[0]["phone"] == "123"


def test_an_erase_request_leaves_nothing_about_that_address(
    client, handler, message_factory
):
    kept = message_factory(email="other@example.com")
    erased = [
        message_factory(email="ana@example.com", name="Ana Souza"),
        message_factory(email="Ana@Example.com", name="Ana Souza"),
    ]
    for message in erased + [kept]:
        client.post(
            reverse("admin:contact_message_change", args=[message.pk]),
            {"status": "replied", "staff_note": "Called Ana back."},
        )
    found = client.get(PERSONAL_DATA, {"who": "ana@example.com"})
    assertContains(found, "2 messages from ana@example.com")

    response = client.post(
        PERSONAL_DATA,
        {"who": "ana@example.com", "erase": "1", "confirmed": "yes"},
        follow=True,
    )

    assertContains(response, "Erased 2 messages from ana@example.com")
    assert list(Message.objects.all()) == [kept]
    assert not Message.objects.filter(email__iexact="ana@example.com").exists()
    logged = LogEntry.objects.filter(action_flag=CHANGE)
    assert not logged.filter(object_repr__contains="Ana Souza").exists()
    assert logged.filter(object_id=str(kept.pk)).exists()


def test_an_erase_shows_what_will_go_and_asks_once_more(
    client, handler, message_factory
):
    message_factory(email="ana@example.com", name="Ana Souza", body="My lamp order")

    response = client.post(PERSONAL_DATA, {"who": "ana@example.com", "erase": "1"})

    assertContains(response, "Erase everything about ana@example.com?")
    assertContains(response, "<td>Ana Souza</td>", html=True)
    assertContains(response, "My lamp order")
    assertContains(response, '<input type="hidden" name="confirmed" value="yes">')
    assert Message.objects.count() == 1


def test_a_message_left_with_a_phone_number_only_is_found_and_erased(
    client, handler, message_factory
):
    message_factory(email="", phone="+86 760 2222 3333", body="Call me back")
    message_factory(email="", phone="0760-22223333", body="Me again")
    kept = message_factory(email="", phone="+86 760 2222 4444")

    found = client.get(PERSONAL_DATA, {"who": "(0760) 2222 3333"})
    assertContains(found, "2 messages from (0760) 2222 3333")
    client.post(
        PERSONAL_DATA,
        {"who": "(0760) 2222 3333", "erase": "1", "confirmed": "yes"},
    )

    assert list(Message.objects.all()) == [kept]


def test_an_erase_finds_non_ascii_capitals(client, handler, message_factory):
    message_factory(email="Visitor@BÜCHER.example")

    response = client.post(
        PERSONAL_DATA,
        {"who": "visitor@bücher.example", "erase": "1", "confirmed": "yes"},
        follow=True,
    )

    assertContains(response, "Erased 1 message from visitor@bücher.example")
    assert not Message.objects.exists()


def test_a_handler_without_the_right_to_delete_cannot_erase(
    client, django_user_model, message_factory
):
    reader = django_user_model.objects.create_user("reader", is_staff=True)
    reader.user_permissions.add(
        *Group.objects.get(name="message handler").permissions.filter(
            codename="view_message"
        )
    )
    client.force_login(reader)
    message_factory(email="ana@example.com")

    response = client.post(
        PERSONAL_DATA, {"who": "ana@example.com", "erase": "1", "confirmed": "yes"}
    )

    assert response.status_code == 403
    assert Message.objects.count() == 1


def test_the_message_form_links_to_the_privacy_notice(client, page_factory):
    privacy = page_factory(title="Privacy notice", slug="privacy")
    site_settings = SiteSettings.saved_or_default()
    site_settings.privacy_page = privacy
    site_settings.save()

    pages = [
        ("/", "/privacy/"),
        (reverse("contact"), "/privacy/"),
        ("/zh-hans/news/", "/zh-hans/privacy/"),
    ]
    for url, link in pages:
        assertContains(client.get(url), f'href="{link}"')


def test_no_privacy_link_while_the_notice_is_not_public(client, page_factory):
    site_settings = SiteSettings.saved_or_default()
    site_settings.privacy_page = page_factory(slug="privacy", status="draft")
    site_settings.save()

    assertNotContains(client.get("/"), 'href="/privacy/"')
