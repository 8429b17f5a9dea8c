"""Side effects done at most once, whatever fails around them; any app calls these.

A task runs again after a failure, after its worker was lost, or after its
database went away between the effect and the record of it. An effect that must
not happen twice (a mail to staff, to a supplier, to a reviewer) is claimed
first: a row keyed by what it is about (`OnceOnly`), committed before the effect
starts. A later run finds the row and does nothing.

The price is at most once rather than at least once: when the worker dies, or
the mail server's answer is lost, after the claim, nobody knows whether the
effect happened, and it is not tried again; its row stays "started" without a
"done" time, listed in the admin (Background work > once-only actions) for staff
to check. An effect that certainly did not happen (the mail server could not be
reached or refused the mail) gives its claim back, so the task's retry does it.
"""

import logging
import smtplib
from collections.abc import Callable

from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OnceOnly

logger = logging.getLogger(__name__)


class NotDone(Exception):
    """Raised by an action that certainly had no effect; the claim is given back."""


def once(key: str, action: Callable[[], object]) -> bool:
    """Run `action` unless it was started for `key` before; whether it ran.

    Call it outside any transaction (a task is): the claim must be committed
    before the action starts, and must stay committed whatever follows.
    """
    try:
        with transaction.atomic():
            OnceOnly.objects.create(key=key[:200], started_at=timezone.now())
    except IntegrityError:
        logger.info("%s was started before: not again.", key)
        return False
    try:
        action()
    except NotDone:
        OnceOnly.objects.filter(key=key[:200], done_at=None).delete()
        raise
    OnceOnly.objects.filter(key=key[:200]).update(done_at=timezone.now())
    return True


# The server answered "no" to these: it did not take the mail.
REFUSED = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
)


def mail_once(key: str, mail: EmailMessage) -> bool:
    """Send `mail` unless a mail for `key` was sent (or started) before; whether
    it was sent now. Raises NotDone when the mail server could not be reached
    or refused it, which a task's retry may try again."""

    def send() -> None:
        connection = get_connection()
        try:
            connection.open()
        except Exception as error:
            raise NotDone(f"the mail server could not be reached: {error!r}") from error
        try:
            mail.connection = connection
            mail.send()
        except REFUSED as error:
            raise NotDone(f"the mail server refused the mail: {error!r}") from error
        finally:
            connection.close()

    return once(key, send)
