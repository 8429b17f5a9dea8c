"""Messages sent with "Contact this supplier" reach the firm's inbox."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from contact.forms import sign_about
from contact.models import Message
from suppliers.models import Inquiry
from tests.contact.test_contact import message_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep(firm, representative_factory):
    return representative_factory(firm)


def send(client, about=None, **overrides) -> Message:
    data = message_data(
        "k", "passed", about=sign_about(about) if about else "", **overrides
    )
    response = client.post("/contact/", data)
    assert response.status_code == 302, response.context["form"].errors
    return Message.objects.latest()


def test_a_message_to_a_firm_lands_in_its_inbox_and_the_firm_is_mailed_once(
    client, captcha_test_mode, firm, rep, representative_factory, mailoutbox, run_tasks
):
    second = representative_factory(firm, "second@bright.example.com")
    message = send(client, about=firm, body="Quote for 500 floodlights, please.")
    inquiry = Inquiry.objects.get(message=message)
    assert inquiry.enterprise == firm and inquiry.status == Inquiry.Status.NEW

    run_tasks()
    firm_mail = [mail for mail in mailoutbox if "/supplier/" in mail.body]
    assert sorted(mail.to[0] for mail in firm_mail) == sorted([rep.email, second.email])
    # The mail holds none of the visitor's words or details.
    assert all("500 floodlights" not in mail.body for mail in firm_mail)
    assert all("li.ming@example.com" not in mail.body for mail in firm_mail)
    assert f"/supplier/firm/{firm.pk}/inbox/{inquiry.pk}/" in firm_mail[0].body

    count = len(mailoutbox)
    run_tasks()
    assert len(mailoutbox) == count


def test_messages_about_nothing_or_spam_never_reach_a_firm(
    client, captcha_test_mode, firm, rep
):
    send(client)
    send(client, about=firm, website="http://spam.example.com")
    assert not Inquiry.objects.exists()


def test_a_firm_reads_marks_replied_and_archives(client, captcha_test_mode, firm, rep):
    message = send(client, about=firm, body="Quote for 500 floodlights, please.")
    inquiry = Inquiry.objects.get(message=message)
    client.force_login(rep)
    inbox = f"/supplier/firm/{firm.pk}/inbox/"
    assertContains(client.get(inbox), "李明 (Li Ming)")

    detail = f"{inbox}{inquiry.pk}/"
    response = client.get(detail)
    assertContains(response, "Quote for 500 floodlights, please.")
    assertContains(response, "li.ming@example.com")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.READ

    response = client.post(f"{detail}status/", {"status": "replied"})
    assertRedirects(response, detail)
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.REPLIED
    message.refresh_from_db()
    assert message.status == Message.Status.NEW  # staff's own status is theirs

    client.post(f"{detail}status/", {"status": "archived"})
    assertNotContains(client.get(inbox), "李明 (Li Ming)")
    assertContains(client.get(f"{inbox}?status=archived"), "李明 (Li Ming)")


def test_a_bad_status_is_a_400(client, captcha_test_mode, firm, rep):
    inquiry = Inquiry.objects.get(message=send(client, about=firm))
    client.force_login(rep)
    response = client.post(
        f"/supplier/firm/{firm.pk}/inbox/{inquiry.pk}/status/", {"status": "gone"}
    )
    assert response.status_code == 400
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW


def test_a_firm_never_sees_messages_to_another_firm(
    client, captcha_test_mode, firm, other_firm, rep
):
    send(client, about=other_firm, name="Secret Buyer", email="secret@example.com")
    client.force_login(rep)
    response = client.get(f"/supplier/firm/{firm.pk}/inbox/")
    assertNotContains(response, "Secret Buyer")
    assertNotContains(response, "secret@example.com")


def test_staff_mark_spam_and_the_firm_no_longer_sees_it(
    client, captcha_test_mode, firm, rep
):
    message = send(client, about=firm, name="Later Spam")
    Message.objects.filter(pk=message.pk).update(status=Message.Status.SPAM)
    client.force_login(rep)
    assertNotContains(client.get(f"/supplier/firm/{firm.pk}/inbox/"), "Later Spam")


def test_handlers_still_see_every_message_in_the_staff_inbox(
    client, captcha_test_mode, firm, rep, admin_client
):
    send(client, about=firm, name="Buyer For Firm")
    assertContains(admin_client.get("/admin/contact/message/"), "Buyer For Firm")


def test_the_dashboard_counts_new_inquiries(client, captcha_test_mode, firm, rep):
    send(client, about=firm)
    send(client, about=firm)
    client.force_login(rep)
    assertContains(client.get("/supplier/"), "2 new inquiries")
    assertContains(client.get("/zh-hans/supplier/"), "2 条新询盘")
