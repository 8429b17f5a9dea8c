from django import template
from django.db import models
from django.utils.html import format_html_join

from core.page_sections import render_sections

register = template.Library()


@register.simple_tag
def page_sections(obj: models.Model) -> str:
    """What other apps show on `obj`'s page (see core/page_sections.py)."""
    return format_html_join("", "{}", ((section,) for section in render_sections(obj)))
