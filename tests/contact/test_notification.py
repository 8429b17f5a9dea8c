"""Staff hear of each message once, from a worker, whatever the mail server does."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult
from pytest_django.asserts import assertContains

from contact import tasks
from contact.models import Message
from contact.services import message_create

pytestmark = pytest.mark.django_db

CONTACT = "/contact/"


def leave_message(number: int) -> Message:
    return message_create(
        name=f"Buyer {number}",
        email=f"buyer{number}@example.com",
        body=f"Question number {number} about LED panels.",
        site_url="https://www.example.com",
    )


def test_mail_server_down_then_up_gives_exactly_one_mail_per_message(smtp, run_tasks):
    messages = [leave_message(number) for number in range(5)]

    run_tasks()  # the mail server is down: every notice waits for a retry
    assert smtp.mails == []
    assert DBTaskResult.objects.filter(status="READY").count() == 5

    smtp.start()
    later = timezone.now()
    for minutes in (2, 10, 60, 24 * 60):  # workers keep running as time passes
        later += datetime.timedelta(minutes=minutes)
        with time_machine.travel(later):
            run_tasks()

    assert sorted(mail["Subject"] for mail in smtp.mails) == sorted(
        f"New message from Buyer {number}" for number in range(5)
    )
    assert all(mail["To"] == "sales@cluster.example.com" for mail in smtp.mails)
    for message in messages:
        message.refresh_from_db()
        assert message.staff_notified_at is not None
    assert DBTaskResult.objects.successful().count() == 5


def test_a_notice_run_twice_sends_one_mail(smtp, run_tasks):
    smtp.start()
    message = leave_message(1)
    run_tasks()
    tasks.notify_staff.enqueue(message_id=message.pk)  # e.g. "Run again" by mistake

    run_tasks()

    assert len(smtp.mails) == 1


def test_notices_are_retried_for_more_than_a_day_then_kept_as_failed(smtp, run_tasks):
    message = leave_message(1)
    moment = timezone.now()
    for _ in range(60):
        moment += datetime.timedelta(hours=1)
        with time_machine.travel(moment):
            run_tasks()
        task = DBTaskResult.objects.get()
        if task.status == "FAILED":
            break
    assert moment - message.created_at > datetime.timedelta(hours=24)
    assert "ConnectionRefusedError" in task.traceback


def test_a_message_and_its_notice_are_committed_together():
    with pytest.raises(RuntimeError), transaction.atomic():
        leave_message(1)
        raise RuntimeError("the request failed after the message was stored")

    assert not Message.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_a_notice_that_cannot_be_queued_leaves_no_message(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not queue the notice")

    monkeypatch.setattr(DatabaseBackend, "_task_to_db_task", refuse)

    with pytest.raises(OperationalError):
        leave_message(1)

    assert not Message.objects.exists()


def test_without_a_worker_messages_are_stored_and_wait_for_one(
    client, captcha_test_mode, mailoutbox, settings, run_tasks
):
    settings.CLUSTER_MESSAGE_RECIPIENTS = ["sales@cluster.example.com"]
    data = {
        "name": "Li Ming",
        "email": "li.ming@example.com",
        "body": "Do you ship to Lagos?",
        "captcha_0": "any",
        "captcha_1": "passed",
    }
    for _ in range(3):
        client.post(CONTACT, data)
    assert Message.objects.count() == 3
    assert mailoutbox == []

    run_tasks()  # a worker starts

    assert len(mailoutbox) == 3


def test_the_inbox_shows_whether_and_when_staff_were_notified(
    admin_client, smtp, run_tasks
):
    waiting = leave_message(1)
    changelist = reverse("admin:contact_message_changelist")
    assertContains(admin_client.get(changelist), "not yet")

    smtp.start()
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)):
        run_tasks()

    waiting.refresh_from_db()
    page = admin_client.get(reverse("admin:contact_message_change", args=[waiting.pk]))
    assertContains(page, "Staff notified")
    assert waiting.staff_notified_at is not None


def test_the_daily_tasks_delete_old_messages_and_expired_codes(run_tasks, settings):
    old = leave_message(1)
    Message.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1000)
    )
    recent = leave_message(2)

    call_command("enqueue_daily_tasks")
    run_tasks()

    assert list(Message.objects.values_list("pk", flat=True)) == [recent.pk]


# The database does not answer


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails as it does while PostgreSQL is stopped."""

    def refuse(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1" failed')

    def down():
        monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)

    return down


def test_a_message_sent_while_the_database_is_down_is_a_503_keeping_every_word(
    client, identifying_code, database_down
):
    key, answer = identifying_code()
    typed = {
        "name": "Li Ming 李明",
        "email": "li.ming@example.com",
        "phone": "+86 760 2222 3333",
        "company": "Guzhen Lighting Co.",
        "country": "中国",
        "body": "We need 5,000 LED panels before March.\r\n请报价。",
    }
    page = client.get(CONTACT)  # the CSRF cookie, as a visitor has it
    token = page.cookies["csrftoken"].value
    database_down()

    response = client.post(
        CONTACT,
        typed | {"captcha_0": key, "captcha_1": answer, "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assertContains(response, "Your message was NOT sent", status_code=503)
    assertContains(response, "please send it again in a few minutes", status_code=503)
    for value in typed.values():
        assertContains(response, value, status_code=503)
    assertContains(response, "<h1>Leave a message</h1>", html=True, status_code=503)


def test_drawing_a_code_while_the_database_is_down_is_a_503_with_a_retry_hint(
    client, database_down
):
    database_down()

    response = client.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert response.json() == {"error": "Please try again in a few minutes."}
