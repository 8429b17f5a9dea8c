from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .layout import current_layout


def site_content(request: HttpRequest) -> dict:
    """The editors' site settings, the site's name and the menus, for the layout.

    Read once per cache version and worker (pages.layout), and only when a
    template uses them.
    """
    layout = SimpleLazyObject(current_layout)
    return {
        "layout": layout,
        "site_settings": SimpleLazyObject(lambda: layout.settings),
        "site_name": SimpleLazyObject(lambda: layout.settings.shown_site_name),
    }
