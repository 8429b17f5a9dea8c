"""Any change to the directory drops its cached figures."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from import_export.signals import post_import

from .cache import bump_directory_version
from .models import (
    Certification,
    Enterprise,
    EnterprisePhoto,
    ExportMarket,
    HeldCertificate,
    ProductCategory,
    Town,
)


def connect() -> None:
    for model in (
        Enterprise,
        EnterprisePhoto,
        HeldCertificate,
        ExportMarket,
        Town,
        ProductCategory,
        Certification,
    ):
        post_save.connect(bump_directory_version, sender=model)
        post_delete.connect(bump_directory_version, sender=model)
    for through in (Enterprise.categories.through, Enterprise.certifications.through):
        m2m_changed.connect(bump_directory_version, sender=through)
    post_import.connect(bump_directory_version, sender=None)
