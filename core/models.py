from django.conf import settings
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from imagekit.processors import ResizeToFit

from .images import described_image, jpeg_rendition


class TimestampedModel(models.Model):
    """Records when a row was created and last changed, for editors and audits."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class NewestFirst(TimestampedModel):
    """Rows staff read as an inbox or a log: newest first, and in a stable order
    among rows made at the same moment."""

    class Meta:
        abstract = True
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"


def done_by(verbose_name, **options) -> models.ForeignKey:
    """The account that did something recorded on the row (wrote, decided): the
    record stays, without a name, once the account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        **options,
    )


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ScheduledQuerySet(models.QuerySet):
    """Rows editors publish, now or at a set time (releases, pages)."""

    def published(self):
        """What the public may read: published, and its publication time has come."""
        return self.filter(
            status=PublicationStatus.PUBLISHED,
            **{f"{self.model.publication_time_field}__lte": Now()},
        )

    def next_publication_time(self):
        """When the next scheduled row becomes public (None when none waits)."""
        field = self.model.publication_time_field
        return self.filter(
            status=PublicationStatus.PUBLISHED, **{f"{field}__gt": Now()}
        ).aggregate(next=models.Min(field))["next"]


class Scheduled:
    """For a model with a `status` of `PublicationStatus` and the time field named
    by `publication_time_field`; its manager comes from a `ScheduledQuerySet`."""

    publication_time_field: str

    @property
    def publication_time(self):
        return getattr(self, self.publication_time_field)

    @property
    def is_public(self) -> bool:
        """Whether visitors can see it now (the Python twin of `published()`)."""
        return (
            self.status == PublicationStatus.PUBLISHED
            and self.publication_time <= timezone.now()
        )


# Where images for rich text are stored, in the media storage.
TEXT_IMAGES = "text-images"


class RichTextImage(NewestFirst):
    """An image an editor uploads to place in the text of a release or page."""

    image, alt = described_image(
        _("image"),
        folder=TEXT_IMAGES,
        help_text=_("JPEG, PNG or WebP. Texts show a copy at most 1200 pixels wide."),
        description=_("description"),
        description_help=_(
            "What the image shows, for readers who cannot see it. Paste it as the "
            "image's “Alternative Text” in the editor."
        ),
    )

    rendition = jpeg_rendition(
        "image", ResizeToFit(1200, 1200, upscale=False), quality=85
    )

    class Meta(NewestFirst.Meta):
        verbose_name = _("image for rich text")
        verbose_name_plural = _("images for rich text")

    def __str__(self):
        return self.alt


class KeptUpload(models.Model):
    """A file an editor chose in a form whose save failed, put aside for the next
    submit (core.kept_uploads): re-encoded, in the database, never served."""

    key = models.CharField(_("key"), max_length=32, unique=True)
    name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("kept upload")
        verbose_name_plural = _("kept uploads")

    def __str__(self):
        return self.name
