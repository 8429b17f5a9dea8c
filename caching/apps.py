from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    """Whole pages and what pages share, kept in Django's cache framework."""

    name = "caching"
    verbose_name = _("Caching")
