from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from imagekit.processors import ResizeToFill, ResizeToFit

from core.i18n import fill_slug, localized_fieldnames
from core.images import described_image, jpeg_rendition
from core.models import ScheduledQuerySet, TimestampedModel
from core.publication import Publication, slug_field, summary_field
from core.rich_text import sanitize_translated, written_text_errors
from search.engine import SearchIndexedModel, SearchQuerySet


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


class ReleaseQuerySet(SearchQuerySet, ScheduledQuerySet):
    """Releases: `published()` is the one definition of public (Release Time)."""

    def for_cards(self):
        """What a release card or link shows: the body stays in the database."""
        return self.defer("body").select_related("category")


class Release(SearchIndexedModel, Publication):
    """A news release: the site's main content, written and scheduled by editors."""

    publication_time_field = "release_time"

    slug = slug_field(
        max_length=200,
        help_text=_(
            "The last part of the release's address. Letters, digits, dashes. "
            "Left empty, it is made from the title (a Chinese title as pinyin)."
        ),
    )
    summary = summary_field(
        _("One or two sentences for lists, feeds and search engines.")
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
    cover_image, cover_alt = described_image(
        _("cover image"),
        folder="releases",
        required=False,
        help_text=_("JPEG, PNG or WebP. Pages show resized copies."),
        description=_("cover image description"),
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

    def clean(self):
        errors = written_text_errors(self)
        if self.cover_image and not self.cover_alt.strip():
            errors["cover_alt"] = [_("Describe the cover image for readers.")]
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # Whatever wrote it (admin, import, shell), no unsanitised HTML is stored.
        sanitize_translated(self, "body")
        fill_slug(self, *localized_fieldnames("title"))
        self.update_search_index()
        if update_fields := kwargs.get("update_fields"):
            kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:release_detail", kwargs={"slug": self.slug})

    def search_documents(self) -> tuple[list[str], list[str]]:
        return (
            [getattr(self, name) for name in localized_fieldnames("title")],
            [getattr(self, name) for name in localized_fieldnames("summary", "body")],
        )
