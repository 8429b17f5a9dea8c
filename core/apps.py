from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on: model bases, rich text and its images, uploads,
    versions, admin bases, the two languages."""

    name = "core"
    verbose_name = _("Site building blocks")
