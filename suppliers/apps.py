from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self):
        from core import page_sections
        from enterprises.models import Enterprise

        from . import signals
        from .views import claim_section

        # "Is this your company?" on every enterprise page; the directory's
        # template renders what is registered without knowing this app.
        page_sections.register(Enterprise, claim_section)
        signals.connect()
