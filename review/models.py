from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core import serializers
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimestampedModel, done_by


class RevisionQuerySet(models.QuerySet):
    def open(self):
        """Versions not yet decided: being written, awaiting review or sent back."""
        return self.filter(state__in=Revision.OPEN_STATES)

    def for_object(self, obj):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )


class Revision(TimestampedModel):
    """A version of a release or page written in the admin that is not live yet.

    The live row keeps the approved version; this holds the next one, serialised
    as django-reversion serialises a version, until a reviewer approves it (it
    is then written to the live row) or sends it back.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Being written")
        SUBMITTED = "submitted", _("Awaiting review")
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Replaced by a direct save")

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.SENT_BACK)

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    content_object = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(_("title"), max_length=200)
    serialized_data = models.TextField()
    state = models.CharField(
        _("state"), max_length=20, choices=State, default=State.DRAFT
    )
    author = done_by(_("writer"))
    # The release or page was made by this version: nothing of it is live yet.
    is_first = models.BooleanField(_("new"), default=False)
    # The django-reversion version the approval wrote: the record stays with it.
    approved_version = models.ForeignKey(
        "reversion.Version",
        verbose_name=_("approved version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        get_latest_by = "updated_at"
        verbose_name = _("version for review")
        verbose_name_plural = _("versions for review")
        permissions = [("approve_revision", _("Can approve or send back versions"))]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(state__in=["draft", "submitted", "sent_back"]),
                name="one_open_revision_per_object",
            )
        ]
        indexes = [models.Index(fields=["state", "updated_at"])]

    def __str__(self):
        return self.object_repr

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def instance(self):
        """The release or page as this version has it (not saved)."""
        return next(
            serializers.deserialize(
                "json", self.serialized_data, ignorenonexistent=True
            )
        ).object

    def last_step(self, action: str):
        return self.steps.filter(action=action).order_by("-at", "-pk").first()


class Step(models.Model):
    """One thing done to a version under review: the record of who did what, when."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted for review")
        SENT_BACK = "sent_back", _("Sent back")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    revision = models.ForeignKey(
        Revision,
        verbose_name=_("version for review"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    user = done_by(_("by"))
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]
        get_latest_by = "at"
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self):
        return f"{self.get_action_display()} ({self.revision})"


class Notice(models.Model):
    """A mail telling one person about one step, sent once by a task worker."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=20)
    # Set in the same transaction as the mail is handed to the mail server, so a
    # retry after a failure never sends a second mail.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review notice")
        verbose_name_plural = _("review notices")

    def __str__(self):
        return f"{self.step} → {self.recipient}"


class StaffLanguage(models.Model):
    """The language a staff member last used the admin in: review mails use it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    language = models.CharField(max_length=20)

    def __str__(self):
        return f"{self.user}: {self.language}"
