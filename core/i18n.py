"""The site's two languages: its name, per-language columns, fallbacks, writing in
one language or both, and Chinese order and punctuation."""

import functools
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import get_language, gettext, gettext_noop
from modeltranslation.utils import build_localized_fieldname
from pypinyin import lazy_pinyin

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
    """The language of the text a page shows for a field: the reader's, else the
    first other language it is written in (as modeltranslation falls back)."""
    language = get_language() or settings.LANGUAGE_CODE
    written = written_languages(instance, field_name)
    if language in written or not written:
        return language
    return written[0]


# Writing in one language or both: releases, pages and enterprise descriptions.


def written_languages(instance, field_name: str) -> list[str]:
    """The languages (codes) in which a translated field is written, site order."""
    return [
        code
        for code, _label in settings.LANGUAGES
        if _has_text(getattr(instance, build_localized_fieldname(field_name, code)))
    ]


def require_one_language(instance, *field_names: str) -> None:
    """Each field must be written in English, in Chinese, or both; a language with
    text in any of them needs the first (the title) too. Call it from clean()."""
    errors = {}
    title, *_rest = field_names
    for field_name in field_names:
        if not written_languages(instance, field_name):
            for code, _label in settings.LANGUAGES:
                errors[build_localized_fieldname(field_name, code)] = gettext(
                    "Write this in English, in Chinese, or in both."
                )
    titled = set(written_languages(instance, title))
    for field_name in field_names[1:]:
        for code in set(written_languages(instance, field_name)) - titled:
            if titled:
                errors.setdefault(
                    build_localized_fieldname(title, code),
                    gettext("Give the text in this language a title too."),
                )
    if errors:
        raise ValidationError(errors)


def _has_text(value) -> bool:
    # Rich text counts as empty when it holds only markup ("<p></p>").
    return bool(value and strip_tags(str(value)).strip())


def pinyin_slug(text: str, max_length: int = 200) -> str:
    """A slug from any text: Latin words as they are, Chinese as pinyin
    (中山灯饰 -> zhong-shan-deng-shi); empty when there is nothing to spell."""
    slug = slugify(" ".join(lazy_pinyin(text or "")))
    return slug[:max_length].rstrip("-")


def fill_slug(instance, *source_fields: str, field_name: str = "slug") -> None:
    """Give an instance without a slug one from the first of its source fields
    that spells one (English title first, then the Chinese title as pinyin),
    numbered (-2, -3...) when another row already has it."""
    if getattr(instance, field_name):
        return
    max_length = instance._meta.get_field(field_name).max_length
    base = next(
        (
            slug
            for source in source_fields
            if (slug := pinyin_slug(getattr(instance, source), max_length - 4))
        ),
        "",
    )
    if not base:
        return
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    slug, number = base, 1
    while others.filter(**{field_name: slug}).exists():
        number += 1
        slug = f"{base}-{number}"
    setattr(instance, field_name, slug)


# Chinese typography and order: what differs on a Chinese page beyond the words.


def is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def colon() -> str:
    """The colon after a label: full-width and without a space in Chinese."""
    return "：" if is_chinese() else ": "


def join_list(items: Iterable) -> str:
    """Items in one line: 古镇、横栏、小榄 in Chinese, "Guzhen, Henglan" in English."""
    return ("、" if is_chinese() else ", ").join(str(item) for item in items)


@functools.lru_cache(maxsize=4096)
def _pinyin_key(text: str) -> tuple[str, str]:
    return ("".join(lazy_pinyin(text)).casefold(), text)


@functools.cache
def _spelled(character: str) -> str:
    return "".join(lazy_pinyin(character)) if character >= "\u3400" else character


def pinyin_order_key(text: str) -> tuple[str, str]:
    """How a Chinese reader sorts names: by pinyin (古镇 as "guzhen"), spelled
    character by character (fast enough for a directory of thousands)."""
    return ("".join(map(_spelled, text)).casefold(), text)


def reading_order_key(text: str) -> tuple[str, str]:
    """How a name sorts for the reader: by pinyin on Chinese pages (阿尔及利亚 before
    丹麦), alphabetically (ignoring case) on English ones."""
    text = str(text)
    if is_chinese():
        return _pinyin_key(text)
    return (text.casefold(), text)


def in_reading_order(items: Iterable, label: Callable[[object], str] = str) -> list:
    """Items sorted by `label(item)` in the reader's order (see reading_order_key)."""
    return sorted(items, key=lambda item: reading_order_key(label(item)))
