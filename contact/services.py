import datetime
import logging

import phonenumbers
from captcha.models import CaptchaStore
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from background.once import mail_once
from core.i18n import site_name
from core.phone import PHONE_DEFAULT_REGION

from . import signals
from .models import Message

logger = logging.getLogger(__name__)


def public_objects(model: type[models.Model]) -> models.QuerySet:
    """What the public may see of a page's model: its `published()` when it has
    one. A message may name only these, when it is left and when forwarded."""
    manager = model._default_manager
    return manager.published() if hasattr(manager, "published") else manager.all()


def message_create(
    *,
    name: str,
    email: str = "",
    phone: str = "",
    company: str = "",
    country: str = "",
    body: str,
    page_url: str = "",
    about: tuple[type[models.Model], int] | None = None,
    client_address: str | None = None,
    user_agent: str = "",
    language: str = "",
    is_spam: bool = False,
    site_url: str = "",
) -> Message:
    """Store a visitor's message and queue the staff's notice, in one transaction.

    Both are committed or neither is; a task worker sends the mail
    (contact.tasks.notify_staff), so the visitor never waits for a mail server.
    """

    content_type = object_id = None
    if about is not None:
        model, pk = about
        # The page's object may have gone or been unpublished since the page was
        # drawn: the message is kept, naming nothing.
        if public_objects(model).filter(pk=pk).exists():
            content_type, object_id = ContentType.objects.get_for_model(model), pk
    with transaction.atomic():
        message = Message.objects.create(
            name=name,
            email=email,
            phone=phone,
            company=company,
            country=country,
            body=body,
            page_url=page_url[:1000],
            content_type=content_type,
            object_id=object_id,
            client_address=client_address,
            # Headers are not form fields: nothing refused a NUL in them yet.
            user_agent=user_agent.replace("\x00", "")[:500],
            language=language[:20],
            status=Message.Status.SPAM if is_spam else Message.Status.NEW,
        )
        if not is_spam:
            # Staff are told by a task that contact.tasks queues on this signal,
            # within this transaction.
            signals.message_received.send(
                sender=Message, message=message, site_url=site_url
            )
    return message


def one_line(text: str) -> str:
    """`text` with every line break and run of spaces made one space.

    Python's split() breaks at every Unicode line separator too (U+2028, U+0085,
    vertical tab...), which mail readers may show as a new line.
    """
    return " ".join(text.split())


def quoted(text: str) -> list[str]:
    """`text` as mail-quoted lines ("> ..."), split wherever a reader would."""
    return ["> " + line for line in text.splitlines()] or ["> "]


def message_notify_staff(*, message_id: int, site_url: str = "") -> bool:
    """Email the staff recipients about one message, at most once; whether it was
    mailed now. Raises (for the task's retry) when the mail server could not be
    reached or refused the mail.

    The notice is claimed before it is handed to the mail server
    (background.once.mail_once), so a run after a failure that came later (the
    database restarted before the message was marked) never mails it again.
    """
    recipients = settings.CLUSTER_MESSAGE_RECIPIENTS
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.staff_notified_at is not None:
        return False  # deleted meanwhile, or already told
    if not recipients:
        logger.info(
            "Message %s stored; CLUSTER_MESSAGE_RECIPIENTS is empty.", message_id
        )
        return False
    admin_url = site_url + reverse("admin:contact_message_change", args=[message.pk])
    # Staff read the mail in the site's default language, whatever the visitor's.
    # The site's own lines come first and hold what a visitor typed on one
    # line each; the message itself follows, every line quoted with "> ",
    # so nothing typed can pass for a line of ours (a forged inbox link).
    with override(settings.LANGUAGE_CODE):
        subject = gettext("New message from %(name)s") % {"name": message.name}
        lines = [
            f"{gettext('Answer it in the inbox')}: {admin_url}",
            "",
            *_visitor_details(message),
            f"{gettext('Page')}: {one_line(message.page_url)}",
            "",
            *quoted(message.body),
        ]
    mail = EmailMessage(
        # A header may not hold line breaks, which a crafted name could carry.
        subject=one_line(subject)[:200],
        body="\n".join(lines),
        to=recipients,
        reply_to=[message.email] if message.email else None,
    )
    if not mail_once(f"contact.staff_notice:{message.pk}", mail):
        return False
    Message.objects.filter(pk=message.pk).update(staff_notified_at=timezone.now())
    return True


# What a visitor may ask to see, or to have erased, under PIPL or the GDPR.
PERSONAL_FIELDS = [
    "created_at",
    "status",
    "name",
    "email",
    "phone",
    "company",
    "country",
    "body",
    "page_url",
    "client_address",
    "user_agent",
    "language",
    "staff_note",
]


def _email_key(email: str) -> str:
    # casefold(), not the database's LOWER(): SQLite lowers ASCII letters only,
    # so "Visitor@BÜCHER.example" would escape an erase of visitor@bücher.example.
    return email.strip().casefold()


def _phone_key(phone: str) -> str:
    """One spelling per number: "+86 760 2222 3333", "0760-22223333" and
    "(0760) 2222 3333" are the same Chinese number."""
    try:
        number = phonenumbers.parse(phone, PHONE_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return "".join(char for char in phone if char.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def personal_data_messages(*, who: str) -> models.QuerySet:
    """Every message from one email address (whatever its capitals) or one phone
    number (however it was spaced), `who` being either."""
    if "@" in who:
        field, key, wanted = "email", _email_key, _email_key(who)
    else:
        field, key, wanted = "phone", _phone_key, _phone_key(who)
    if not wanted:
        return Message.objects.none()
    # Compared in Python, the one place both spellings are normalised alike;
    # an erase request is rare and reads two short columns.
    candidates = Message.objects.exclude(**{field: ""}).values_list("pk", field)
    keys = [pk for pk, value in candidates.iterator() if key(value) == wanted]
    return Message.objects.filter(pk__in=keys)


def personal_data_export(*, who: str) -> list[dict]:
    """Everything stored about one email address or phone number: each message,
    field by field."""
    return [
        {
            name: value.isoformat() if hasattr(value, "isoformat") else value
            for name, value in message.items()
        }
        for message in personal_data_messages(who=who)
        .order_by("created_at", "pk")
        .values(*PERSONAL_FIELDS)
    ]


@transaction.atomic
def personal_data_erase(*, who: str) -> int:
    """Delete every message from one email address or phone number, and the
    admin's log lines that name them; return how many messages there were."""
    messages = personal_data_messages(who=who)
    keys = [str(pk) for pk in messages.values_list("pk", flat=True)]
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Message), object_id__in=keys
    ).delete()
    count, _ = messages.delete()
    return count


def _visitor_details(message: Message) -> list[str]:
    """Who wrote, and how to answer them: the head of every mail about a message."""
    return [
        f"{gettext('Name')}: {one_line(message.name)}",
        f"{gettext('Company')}: {one_line(message.company)}",
        f"{gettext('Country or region')}: {one_line(message.country)}",
        f"{gettext('Email')}: {one_line(message.email)}",
        f"{gettext('Phone')}: {one_line(message.phone)}",
    ]


class NotForwardable(Exception):
    """Why a message cannot be forwarded to a firm; the text is for staff."""


def message_forward(*, message: Message) -> str:
    """Email a message to the published address of the firm it is about, and
    record that on the message. Returns the address; raises NotForwardable."""
    if message.status == Message.Status.SPAM:
        raise NotForwardable(_("it is marked as spam"))
    if message.forwarded_at is not None:
        raise NotForwardable(
            _("it was already forwarded to %(email)s") % {"email": message.forwarded_to}
        )
    # Any page's object with a published `email` (an enterprise) can be the firm.
    about = message.about
    recipient = getattr(about, "email", "")
    if not recipient:
        raise NotForwardable(_("the firm it is about has no published email"))
    if not public_objects(type(about)).filter(pk=about.pk).exists():
        raise NotForwardable(_("the firm it is about is no longer published"))
    # Firms receive it in the site's default language, as staff do.
    with override(settings.LANGUAGE_CODE):
        subject = gettext("A buyer's message from %(site)s: %(name)s") % {
            "site": site_name(),
            "name": message.name,
        }
        lines = [
            gettext(
                "A visitor of %(site)s left this message about %(firm)s. "
                "Please answer them directly."
            )
            % {"site": site_name(), "firm": message.about},
            "",
            *_visitor_details(message),
            "",
            *quoted(message.body),
        ]
    try:
        EmailMessage(
            # A header may not hold line breaks, which a crafted name could carry.
            subject=one_line(subject)[:200],
            body="\n".join(lines),
            to=[recipient],
            reply_to=[message.email] if message.email else None,
        ).send()
    except Exception as error:
        logger.exception("Could not forward message %s.", message.pk)
        raise NotForwardable(_("the mail server did not accept it")) from error
    now = timezone.now()
    Message.objects.filter(pk=message.pk).update(
        forwarded_to=recipient, forwarded_at=now, updated_at=now
    )
    message.forwarded_to, message.forwarded_at = recipient, now
    return recipient


def messages_purge(*, dry_run: bool = False) -> dict[str, int]:
    """Delete messages past retention, old spam and expired identifying codes."""
    now = timezone.now()
    old = Message.objects.filter(
        created_at__lt=now
        - datetime.timedelta(days=settings.CLUSTER_MESSAGE_RETENTION_DAYS)
    )
    spam = Message.objects.filter(
        status=Message.Status.SPAM,
        created_at__lt=now
        - datetime.timedelta(days=settings.CLUSTER_SPAM_RETENTION_DAYS),
    )
    codes = CaptchaStore.objects.filter(expiration__lte=now)
    if dry_run:
        return {
            "messages": old.count(),
            "spam": spam.exclude(pk__in=old).count(),
            "codes": codes.count(),
        }
    return {
        "messages": old.delete()[0],
        "spam": spam.delete()[0],
        "codes": codes.delete()[0],
    }
