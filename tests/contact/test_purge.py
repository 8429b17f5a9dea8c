import datetime
from io import StringIO

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.utils import timezone

from contact.models import Message

pytestmark = pytest.mark.django_db


def aged(message, days):
    Message.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
    return message


def purge(*args):
    out = StringIO()
    call_command("purge_messages", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def retention(settings):
    settings.CLUSTER_MESSAGE_RETENTION_DAYS = 365
    settings.CLUSTER_SPAM_RETENTION_DAYS = 30


def test_purge_deletes_messages_past_retention_and_spam_sooner(
    retention, message_factory
):
    old = aged(message_factory(status=Message.Status.REPLIED), 366)
    kept = aged(message_factory(status=Message.Status.REPLIED), 364)
    old_spam = aged(message_factory(status=Message.Status.SPAM), 31)
    new_spam = aged(message_factory(status=Message.Status.SPAM), 29)
    output = purge()
    remaining = set(Message.objects.values_list("pk", flat=True))
    assert remaining == {kept.pk, new_spam.pk}
    assert old.pk not in remaining and old_spam.pk not in remaining
    assert "Deleted 1 messages past retention, 1 spam messages" in output


def test_purge_follows_the_retention_setting(settings, message_factory):
    settings.CLUSTER_MESSAGE_RETENTION_DAYS = 10
    aged(message_factory(), 11)
    purge()
    assert Message.objects.count() == 0


def test_purge_removes_expired_codes_only():
    CaptchaStore.objects.create(
        challenge="ABCD",
        response="abcd",
        expiration=timezone.now() - datetime.timedelta(minutes=1),
    )
    live = CaptchaStore.generate_key()
    purge()
    assert list(CaptchaStore.objects.values_list("hashkey", flat=True)) == [live]


def test_dry_run_deletes_nothing(retention, message_factory):
    aged(message_factory(), 400)
    output = purge("--dry-run")
    assert "Would delete 1 messages past retention" in output
    assert Message.objects.count() == 1


def test_purge_twice_is_safe_for_cron(retention, message_factory):
    aged(message_factory(), 400)
    purge()
    assert "Deleted 0 messages past retention, 0 spam messages" in purge()
