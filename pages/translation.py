"""The page and settings fields written in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Page, SiteSettings


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ["title", "summary", "body"]
    # English is what every page falls back to, so it must be there.
    required_languages = ["en"]


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    # Empty means "use the default" (the installed name, the English text).
    fields = ["site_name", "hero_title", "hero_text", "address"]
