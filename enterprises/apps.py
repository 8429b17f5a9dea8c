from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprise directory")

    def ready(self):
        from cluster_cms import page_cache

        from .models import (
            Certification,
            Enterprise,
            ExportMarket,
            HeldCertificate,
            ProductCategory,
            Town,
        )

        # Directory pages, the home page's block and the cached facet counts and
        # figures all show these.
        page_cache.register(
            Enterprise,
            HeldCertificate,
            ExportMarket,
            Town,
            ProductCategory,
            Certification,
        )
