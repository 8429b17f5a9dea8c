"""What releases and pages share: a text editors write in English, in Chinese
or in both, and publish now or at a set time."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import PublicationStatus, Scheduled, TimestampedModel
from .rich_text import body_field


class Publication(Scheduled, TimestampedModel):
    """A title and a body in each language, with a status; each model adds its
    slug, summary and publication time (`slug_field`, `summary_field`)."""

    Status = PublicationStatus

    # Blank in each language: clean() asks for one language at least.
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = body_field(_("body"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title


def slug_field(*, max_length: int, help_text) -> models.SlugField:
    """The last part of the address; left empty, `save()` makes it from the title
    (`core.i18n.fill_slug`)."""
    return models.SlugField(
        _("slug"), max_length=max_length, unique=True, blank=True, help_text=help_text
    )


def summary_field(help_text) -> models.TextField:
    """One or two sentences shown where the body is not (lists, search engines)."""
    return models.TextField(
        _("summary"), max_length=500, blank=True, help_text=help_text
    )
