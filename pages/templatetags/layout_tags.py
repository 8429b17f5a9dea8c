"""What base.html needs besides the layout itself (pages.layout)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_path(context) -> str:
    """The page's address if it is one of the header's menu pages, else "": the
    header fragment is drawn once per menu page, not once per address."""
    path = context["request"].path
    return path if path in context["layout"].header_urls else ""
