"""Effects claimed before they are done: never twice; given back if surely not done."""

import pytest
from django.core.mail import EmailMessage
from django.db import OperationalError
from django.urls import reverse
from pytest_django.asserts import assertContains

from background.models import OnceOnly
from background.once import NotDone, mail_once, once

pytestmark = pytest.mark.django_db


def mail(subject="New message from Li Ming") -> EmailMessage:
    return EmailMessage(subject=subject, body="Hello.", to=["staff@example.com"])


def test_an_effect_runs_once_however_often_it_is_asked_for():
    runs = []

    assert once("greeting:1", lambda: runs.append(1)) is True
    assert once("greeting:1", lambda: runs.append(2)) is False
    assert once("greeting:2", lambda: runs.append(3)) is True

    assert runs == [1, 3]
    assert OnceOnly.objects.filter(done_at__isnull=False).count() == 2


def test_an_effect_that_surely_did_not_happen_is_given_back_for_a_retry():
    def unreachable():
        raise NotDone("the mail server could not be reached")

    with pytest.raises(NotDone):
        once("greeting:1", unreachable)
    runs = []
    assert once("greeting:1", lambda: runs.append(1)) is True

    assert runs == [1]


def test_an_effect_that_may_have_happened_is_never_tried_again():
    """The database went away after the mail was handed over: at most once."""

    def sent_then_lost():
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        once("greeting:1", sent_then_lost)
    runs = []
    assert once("greeting:1", lambda: runs.append(1)) is False

    assert runs == []
    assert OnceOnly.objects.get().done_at is None


def test_a_mail_is_sent_once_by_a_real_mail_server(smtp):
    smtp.start()

    assert mail_once("notice:1", mail()) is True
    assert mail_once("notice:1", mail()) is False

    assert [m["Subject"] for m in smtp.mails] == ["New message from Li Ming"]


def test_a_mail_server_that_is_down_or_refuses_leaves_the_mail_for_a_retry(smtp):
    with pytest.raises(NotDone):
        mail_once("notice:1", mail())  # not started yet: connection refused
    smtp.start()
    smtp.answer = "554 Transaction failed"
    with pytest.raises(NotDone):
        mail_once("notice:1", mail())
    smtp.answer = "250 Message accepted"

    assert mail_once("notice:1", mail()) is True

    assert len(smtp.mails) == 1


def test_superusers_see_which_effects_were_started_but_never_confirmed(
    admin_client,
):
    def lost():
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        once("contact.staff_notice:7", lost)
    once("contact.staff_notice:8", lambda: None)

    page = admin_client.get(reverse("admin:background_onceonly_changelist"))

    assertContains(page, "contact.staff_notice:7")
    assertContains(page, "started, not confirmed: check by hand", count=1)
