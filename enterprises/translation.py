"""The directory's text written in each language (django-modeltranslation registry).

The descriptions and main products of an enterprise, and a certification's full
name. The Chinese name is a field of its own (`name_zh`), and the towns, product
categories and certifications keep their `name_zh` column, which imports match on
(see docs/i18n.md).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Certification, Enterprise


@register(Enterprise)
class EnterpriseTranslationOptions(TranslationOptions):
    # Not required in English: a directory entry may have neither.
    fields = ["description", "main_products"]


@register(Certification)
class CertificationTranslationOptions(TranslationOptions):
    # "CE marking (European Economic Area)" / "CE 标志（欧洲经济区）".
    fields = ["full_name"]
