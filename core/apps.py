from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app builds on: model bases, rich text and its images, uploads,
    versions, admin bases, the two languages."""

    default = True
    name = "core"
    verbose_name = _("Site building blocks")

    def ready(self):
        from django.contrib.auth.models import Group

        # The staff groups keep their English names as keys (migrations and code
        # find them by name); wherever the admin shows one, it reads in the
        # reader's language (core/groups.py marks them for the catalogue).
        Group.__str__ = lambda group: gettext(group.name)


class LockoutConfig(AxesAppConfig):
    """django-axes, under a name the admin can translate (its own is "Axes")."""

    verbose_name = _("Login lockouts")
