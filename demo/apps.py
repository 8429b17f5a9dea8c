from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """`manage.py loaddemo` and `generate_demo`: each app's demo content, composed."""

    name = "demo"
    verbose_name = _("Demo content")
