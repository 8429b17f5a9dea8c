"""The page and settings fields written in each language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Page, SiteSettings


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ["title", "summary", "body"]
    # Chinese only, English only or both: Page.clean() asks for one at least.
    required_languages = ()


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    # Empty means "use the default" (the installed name, the English text).
    fields = ["site_name", "hero_title", "hero_text", "address"]
