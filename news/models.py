from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from imagekit.processors import ResizeToFill, ResizeToFit

from cluster_cms.i18n import localized_fieldnames
from cluster_cms.images import UploadedImageField, jpeg_rendition
from cluster_cms.models import TimestampedModel

# What the editor offers is exactly what the sanitiser lets through at save time.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}


class Category(TimestampedModel):
    """A topic that groups releases (industry news, policy, trade fairs...)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('news:release_list')}?category={self.slug}"


class ReleaseQuerySet(models.QuerySet):
    def published(self):
        """Releases the public may read: published, and their Release Time has come."""
        return self.filter(status=Release.Status.PUBLISHED, release_time__lte=Now())

    def next_release_time(self):
        """When the next scheduled release becomes public (None when none waits)."""
        return self.filter(
            status=Release.Status.PUBLISHED, release_time__gt=Now()
        ).aggregate(next=models.Min("release_time"))["next"]


class Release(TimestampedModel):
    """A news release: the site's main content, written and scheduled by editors."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the release's address. Letters, digits, dashes."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences for lists, feeds and search engines."),
    )
    body = ProseEditorField(
        _("body"), config={"extensions": BODY_EXTENSIONS}, sanitize=True
    )
    release_time = models.DateTimeField(
        _("Release Time"),
        default=timezone.now,
        help_text=_(
            "The public date. A release with a future Release Time stays hidden "
            "until then."
        ),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="releases",
        null=True,
        blank=True,
    )
    cover_image = UploadedImageField(
        _("cover image"),
        folder="releases",
        blank=True,
        help_text=_("JPEG, PNG or WebP. Pages show resized copies."),
    )
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )

    cover_card = jpeg_rendition("cover_image", ResizeToFill(640, 360), quality=82)
    cover_large = jpeg_rendition(
        "cover_image", ResizeToFit(1200, 800, upscale=False), quality=85
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-release_time", "-pk"]
        get_latest_by = "release_time"
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        indexes = [models.Index(fields=["status", "release_time"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cover_image="") | ~models.Q(cover_alt=""),
                name="release_cover_has_alt_text",
                violation_error_message=_("Describe the cover image for readers."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.cover_image and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Describe the cover image for readers.")}
            )

    def save(self, *args, **kwargs):
        # The admin sanitises through full_clean(); this also covers imports, the
        # shell and loaders, so no unsanitised HTML is ever stored. Each language's
        # column is cleaned on its own: assigning `self.body` would write the
        # English fallback into the active language's column.
        sanitize = self._meta.get_field("body").sanitize
        for name in localized_fieldnames("body"):
            if value := getattr(self, name):
                setattr(self, name, sanitize(value))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:release_detail", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Whether visitors can see it now (the Python twin of `published()`)."""
        return (
            self.status == self.Status.PUBLISHED and self.release_time <= timezone.now()
        )
