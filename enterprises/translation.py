"""The directory's text written in each language (django-modeltranslation registry).

The description and the main products: the Chinese name is a field of its own
(`name_zh`), and the towns, product categories and certifications keep their
`name_zh` column, which imports match on (see docs/i18n.md).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Enterprise


@register(Enterprise)
class EnterpriseTranslationOptions(TranslationOptions):
    # Not required in English: a directory entry may have neither.
    fields = ["description", "main_products"]
