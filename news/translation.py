"""The news fields written in each language (django-modeltranslation registry)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Release


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ["name"]
    required_languages = ["en"]
    # A category without a Chinese name stores NULL, not "", so the unique
    # constraint copied onto name_zh_hans lets many categories wait for one.
    empty_values = {"name": None}


@register(Release)
class ReleaseTranslationOptions(TranslationOptions):
    fields = ["title", "summary", "body"]
    # Written in English, in Chinese or in both: Release.clean() asks for a title
    # and a body in at least one language (core.i18n.require_one_language).
    required_languages = ()
