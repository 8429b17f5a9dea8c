from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.images import UploadedImageField
from core.models import NewestFirst, TimestampedModel, done_by
from core.phone import validate_phone_number
from enterprises.models import enterprise_key
from enterprises.validators import validate_credit_code


def supplier_account(related_name: str) -> models.ForeignKey:
    """The account of the person who represents, or claims, a firm."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name=related_name,
    )


class Representative(TimestampedModel):
    """A person who keeps a firm's listing and reads its inquiries; never staff."""

    user = supplier_account("supplier_roles")
    enterprise = enterprise_key("representatives")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"], name="representative_once_per_firm"
            ),
        ]

    def __str__(self):
        return f"{self.user.email} ({self.enterprise})"


class Claim(NewestFirst):
    """Someone's request to represent a firm: by a mailed link, or reviewed by
    the directory editors when the firm publishes no email."""

    class Method(models.TextChoices):
        EMAIL = "email", _("link mailed to the firm's published email")
        REVIEW = "review", _("reviewed by the directory editors")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        CONFIRMED = "confirmed", _("confirmed")
        REFUSED = "refused", _("refused")

    user = supplier_account("supplier_claims")
    enterprise = enterprise_key("claims")
    method = models.CharField(_("method"), max_length=10, choices=Method)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    credit_code = models.CharField(
        _("Unified Social Credit Code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    applicant_name = models.CharField(_("applicant's name"), max_length=200)
    applicant_role = models.CharField(
        _("position in the firm"), max_length=200, blank=True
    )
    note = models.TextField(_("note"), max_length=2000, blank=True)
    sent_to = models.EmailField(_("link sent to"), blank=True, editable=False)
    decided_by = done_by(_("decided by"), blank=True, editable=False)
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, editable=False
    )
    # The status last announced by mail: each is announced once, however often
    # the task runs.
    announced_status = models.CharField(max_length=10, blank=True, editable=False)

    class Meta(NewestFirst.Meta):
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "enterprise"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_user_and_firm",
                violation_error_message=_("You already claimed this firm."),
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} ← {self.user.email}"


class ListingChange(TimestampedModel):
    """What a representative wants a firm's page to say, waiting for the
    directory editors; the live Enterprise row changes only on approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    enterprise = enterprise_key("listing_changes")
    submitted_by = done_by(_("submitted by"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    description_en = models.TextField(_("description in English"), blank=True)
    description_zh_hans = models.TextField(_("description in Chinese"), blank=True)
    main_products_en = models.CharField(
        _("main products in English"), max_length=300, blank=True
    )
    main_products_zh_hans = models.CharField(
        _("main products in Chinese"), max_length=300, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[validate_phone_number]
    )
    logo = UploadedImageField(
        _("new logo"),
        folder="logos",
        blank=True,
        help_text=_("JPEG, PNG or WebP. Leave empty to keep the current logo."),
    )
    # Country codes, the whole list as it should be.
    export_markets = models.JSONField(_("export markets"), default=list, blank=True)
    # [{"certification": pk, "number": "...", "valid_until": "YYYY-MM-DD" or null}]
    certificates = models.JSONField(_("certificates"), default=list, blank=True)
    # Primary keys of the firm's current photos to take off its page.
    removed_photos = models.JSONField(_("photos removed"), default=list, blank=True)
    # What the page said when the change was begun: only what the representative
    # changed from it is applied, so staff's edits made meanwhile stay.
    base = models.JSONField(default=dict, editable=False)
    editor_note = models.TextField(
        _("note to the firm"),
        blank=True,
        help_text=_("Shown to the firm's representatives, e.g. why it was refused."),
    )
    decided_by = done_by(_("decided by"), blank=True, editable=False)
    decided_at = models.DateTimeField(
        _("decided at"), null=True, blank=True, editable=False
    )
    staff_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    firm_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        get_latest_by = "updated_at"
        verbose_name = _("listing change")
        verbose_name_plural = _("listing changes")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(status="pending"),
                name="one_pending_listing_change_per_firm",
            ),
        ]

    def __str__(self):
        return str(self.enterprise)


class ProposedPhoto(TimestampedModel):
    """A product photo a representative added, shown once the change is approved."""

    change = models.ForeignKey(
        ListingChange,
        verbose_name=_("listing change"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = UploadedImageField(
        _("photo"),
        folder="enterprise-photos",
        help_text=_("JPEG, PNG or WebP."),
    )
    image_alt = models.CharField(
        _("photo description"),
        max_length=250,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("proposed photo")
        verbose_name_plural = _("proposed photos")

    def __str__(self):
        return self.image_alt


class InquiryQuerySet(models.QuerySet):
    def visible(self):
        """Inquiries a firm reads: not those staff marked as spam."""
        return self.exclude(message__status="spam")


class Inquiry(NewestFirst):
    """A visitor's message to one firm ("Contact this supplier"), as the firm
    handles it: staff keep their own status on the message itself."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        REPLIED = "replied", _("Replied")
        ARCHIVED = "archived", _("Archived")

    message = models.OneToOneField(
        "contact.Message",
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        related_name="supplier_inquiry",
    )
    enterprise = enterprise_key("inquiries")
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.NEW
    )
    # Set in the transaction that hands the mail over: each inquiry is announced
    # to the firm once.
    firm_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InquiryQuerySet.as_manager()

    class Meta(NewestFirst.Meta):
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes = [models.Index(fields=["enterprise", "status", "created_at"])]

    def __str__(self):
        return str(self.message)
