"""The site's two languages: its name, per-language columns, fallbacks."""

from django.conf import settings
from django.utils.translation import get_language, gettext, gettext_noop
from modeltranslation.utils import build_localized_fieldname

# The default CLUSTER_SITE_NAME, marked so that makemessages offers it to translators.
gettext_noop("Zhongshan Lighting Cluster")


def site_name() -> str:
    """The site's name in the active language: CLUSTER_SITE_NAME, translated when
    locale/ knows it (the default name is; a name set in the environment is shown
    as written unless someone adds it to the catalogue)."""
    return gettext(settings.CLUSTER_SITE_NAME)


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
