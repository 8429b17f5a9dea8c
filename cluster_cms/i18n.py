"""Helpers shared by every model whose text is written in several languages."""

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname


def localized_fieldnames(*names: str) -> list[str]:
    """Every language's column of each field, e.g. for admin `search_fields`."""
    return [
        build_localized_fieldname(name, code)
        for name in names
        for code, _label in settings.LANGUAGES
    ]


def shown_language(instance, field_name: str) -> str:
    """The language of the text a page shows for a field: the reader's, or the
    fallback (English) when that translation is still empty."""
    language = get_language() or settings.LANGUAGE_CODE
    value = getattr(instance, build_localized_fieldname(field_name, language), None)
    if value:
        return language
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE
