"""A change to what an enterprise's search index holds beyond its own row (its
categories, certificates, the names of its town or lists) refreshes that index:
now, or once at the end of a `search_index_updates.once()` block (an import)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import (
    Certification,
    Enterprise,
    HeldCertificate,
    ProductCategory,
    Town,
    reindex_enterprises,
    reindex_enterprises_soon,
)


def connect() -> None:
    for through in (Enterprise.categories.through, Enterprise.certifications.through):
        m2m_changed.connect(_relation_changed, sender=through)
    post_save.connect(_certificate_changed, sender=HeldCertificate)
    post_delete.connect(_certificate_changed, sender=HeldCertificate)
    for model in (Town, ProductCategory, Certification):
        post_save.connect(_list_entry_renamed, sender=model)


def _relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        reindex_enterprises_soon(instance.pk)
    elif pk_set:
        reindex_enterprises_soon(*pk_set)
    else:  # category.enterprises.clear(): which rows it held is not known.
        reindex_enterprises(Enterprise.objects.all())


def _certificate_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_enterprises_soon(instance.enterprise_id)


def _list_entry_renamed(sender, instance, created, raw=False, **kwargs):
    if created or raw:
        return  # A new town or category has no enterprises yet.
    if sender is Certification:
        enterprises = Enterprise.objects.filter(
            held_certificates__certification=instance
        )
    else:
        enterprises = instance.enterprises.all()
    reindex_enterprises(enterprises)
