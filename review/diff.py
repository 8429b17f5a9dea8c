"""What a version under review changes, field by field, against the live row."""

import datetime

from django.utils import timezone
from django.utils.html import strip_tags
from modeltranslation.translator import translator
from reversion_compare.helpers import html_diff

from .models import Revision

STAMPS = {"created_at", "updated_at", "search_title", "search_text"}


def _originals(model) -> set[str]:
    """Translated fields' original columns: modeltranslation keeps each equal to
    one language's column, which is compared already."""
    if model not in translator.get_registered_models():
        return set()
    return set(translator.get_options_for_model(model).all_fields)


def _text(field, obj) -> str:
    if obj is None:
        return ""
    if field.is_relation:
        related = getattr(obj, field.name)
        return str(related) if related is not None else ""
    value = getattr(obj, field.attname)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return strip_tags(field.value_to_string(obj))


def differences(revision: Revision) -> list[dict]:
    """For each field the version changes: its label, the live and the new text,
    and the difference marked up. A new release or page is compared with
    nothing."""
    model = revision.content_type.model_class()
    version = revision.instance()
    live = None
    if not revision.is_first:
        live = model._default_manager.filter(pk=revision.object_id).first()
    skipped = STAMPS | _originals(model)
    rows = []
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in skipped:
            continue
        before, after = _text(field, live), _text(field, version)
        if before == after:
            continue
        rows.append(
            {
                "label": field.verbose_name,
                "before": before,
                "after": after,
                "diff": html_diff(before, after),
            }
        )
    return rows
