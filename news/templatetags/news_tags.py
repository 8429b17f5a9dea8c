from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from core.i18n import colon, shown_language
from news.models import Release

register = template.Library()


def _lang(language: str, page_language: str) -> SafeString:
    """A `lang` attribute when a text is not in the page's language."""
    return format_html(' lang="{}"', language) if language != page_language else ""


@register.simple_tag
def release_card(release: Release, heading: str = "h2") -> SafeString:
    """A release's card (home, news, related releases, search results).

    Drawn in Python rather than by a template include, as the directory's
    cards are: a page of news draws ten, and a page's time is what a visitor
    waits for after every edit.
    """
    page_language = get_language()
    title_language = shown_language(release, "title")
    if release.cover_image:
        picture = format_html(
            '<img class="card-img-top" src="{}" alt="{}" width="640" height="360"'
            ' loading="lazy" decoding="async">',
            release.cover_card.url,
            release.cover_alt,
        )
    else:
        picture = mark_safe(
            '<span class="release-card-fallback" aria-hidden="true"></span>'
        )
    released = timezone.localtime(release.release_time)
    category = format_html(" · {}", release.category.name) if release.category else ""
    summary = ""
    if release.summary:
        summary = format_html(
            '<p class="card-text mb-0"{}>{}</p>',
            _lang(shown_language(release, "summary"), page_language),
            release.summary,
        )
    badge = ""
    if title_language != page_language:
        badge = format_html(
            '<p class="release-fallback-badge small mt-2 mb-0">{}</p>',
            gettext("In English: not yet translated into Chinese")
            if title_language == "en"
            else gettext("In Chinese only: not yet translated into English"),
        )
    return format_html(
        '<article class="release-card card">{picture}<div class="card-body">'
        '<{heading} class="h5 card-title"><a class="stretched-link" href="{url}"'
        "{title_lang}>{title}</a></{heading}>"
        '<p class="release-meta small mb-2">{label}{colon}<time datetime="{iso}">'
        "{date}</time>{category}</p>{summary}{badge}</div></article>",
        picture=picture,
        heading=heading,
        url=release.get_absolute_url(),
        title_lang=_lang(title_language, page_language),
        title=release.title,
        label=gettext("Release Time"),
        colon=colon(),
        iso=released.replace(microsecond=0).isoformat(),
        date=date_format(released, "DATE_FORMAT"),
        category=category,
        summary=summary,
        badge=badge,
    )
