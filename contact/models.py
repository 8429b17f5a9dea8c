from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.models import NewestFirst

# What a visitor types in the form, in the order the form, the inbox and its
# exports show it.
VISITOR_FIELDS = ["name", "email", "phone", "company", "country", "body"]


class Message(NewestFirst):
    """What a visitor left through "Leave a message", kept exactly as typed."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        REPLIED = "replied", _("Replied")
        SPAM = "spam", _("Spam")
        ARCHIVED = "archived", _("Archived")

    # Staff speak of when a message was received.
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    # A person's name: Chinese words it differently from a thing's name.
    name = models.CharField(pgettext_lazy("a person's name", "name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    country = models.CharField(_("country or region"), max_length=100, blank=True)
    body = models.TextField(_("message"), max_length=3000)
    page_url = models.CharField(_("page"), max_length=1000, blank=True)
    # The release (or enterprise) whose page the message was left on, if any.
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("left on a page of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")
    client_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True
    )
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    language = models.CharField(_("language"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NEW
    )
    staff_note = models.TextField(
        _("staff note"),
        blank=True,
        help_text=_("Only staff see this note."),
    )
    forwarded_to = models.EmailField(
        _("forwarded to"),
        blank=True,
        help_text=_("The published address of the firm it was forwarded to."),
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)

    # Set once the mail server took the notice. The notice itself is claimed
    # before it is sent (background.once), so no retry mails it twice.
    staff_notified_at = models.DateTimeField(
        _("staff notified"), null=True, blank=True, editable=False
    )
    # False for messages stored before the site recorded its notices (they were
    # mailed in the visitor's request, or not, and nothing kept which).
    is_notification_recorded = models.BooleanField(
        _("notification recorded"), default=True, editable=False
    )

    class Meta(NewestFirst.Meta):
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""),
                name="message_has_email_or_phone",
                violation_error_message=_(
                    "Give an email address or a phone number (or both)."
                ),
            ),
        ]

    def __str__(self):
        # The colon in the reader's language ("：" in Chinese).
        return gettext("%(name)s: %(excerpt)s") % {
            "name": self.name,
            "excerpt": self.excerpt(words=8, chars=40),
        }

    def excerpt(self, *, words: int = 12, chars: int = 80) -> str:
        """The first words; Chinese has no spaces between words, so chars cap it."""
        return Truncator(Truncator(self.body).words(words)).chars(chars)


class ClientQuota(models.Model):
    """When one client (an IPv4 address or an IPv6 /64) lately did one thing.

    The rate limits count here, in the database, rather than in the cache: no
    flood of cached pages can evict the count, and locking the row makes it exact
    however many requests race.
    """

    action = models.CharField(max_length=20)
    network = models.CharField(max_length=45)
    # Epoch seconds of the actions still inside the window, oldest first.
    stamps = models.JSONField(default=list)
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "network"], name="one_quota_per_client_and_action"
            )
        ]
        indexes = [models.Index(fields=["action", "updated_at"])]

    def __str__(self):
        return f"{self.action} {self.network}"
