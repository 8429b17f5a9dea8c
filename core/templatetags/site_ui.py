"""Building blocks of the site's look: pagination, machine dates, Chinese breaks."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django import template
from django.core.paginator import Page
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Pages shown on each side of the current one (a phone keeps only the nearest).
PAGE_WINDOW = 2


@dataclass(frozen=True)
class PageLink:
    number: int
    is_current: bool
    is_far: bool  # more than one page away: folded on a phone


@register.simple_tag
def page_links(page_obj: Page) -> list[PageLink]:
    """The numbered pages around the current one; "First" and "Last" reach the ends."""
    current, last = page_obj.number, page_obj.paginator.num_pages
    first_shown = max(1, current - PAGE_WINDOW)
    last_shown = min(last, current + PAGE_WINDOW)
    return [
        PageLink(number, number == current, abs(number - current) > 1)
        for number in range(first_shown, last_shown + 1)
    ]


@register.filter(expects_localtime=True)
def html_datetime(value: datetime | date | None) -> str:
    """A `datetime` attribute the HTML standard accepts: whole seconds, no
    microseconds (at most three fraction digits are valid)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


# Where a Chinese label may break: after the particle 的, which ends a phrase, and
# after full-width punctuation. With `word-break: keep-all` (site.css) nowhere else.
PHRASE_END = re.compile(r"(?<=[的，、：；])(?=\S)")


@register.filter
def phrase_breaks(text: str) -> SafeString:
    """The text, escaped, with a <wbr> at each phrase end of a Chinese label."""
    return mark_safe(PHRASE_END.sub("<wbr>", str(conditional_escape(text))))


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """`url` with the site's scheme and host, unless it has its own (media in a
    bucket, served from another host)."""
    return context["request"].build_absolute_uri(url)
