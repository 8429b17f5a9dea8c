from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Page, SiteSettings


def _menus() -> dict[str, list[Page]]:
    try:
        pages = list(Page.objects.in_menus())
    except DatabaseError:
        # An error page drawn while the database is down still renders.
        pages = []
    return {
        "header": [page for page in pages if page.in_header_menu],
        "footer": [page for page in pages if page.in_footer_menu],
    }


def site_content(request: HttpRequest) -> dict:
    """The editors' site settings, the site's name and the menus, for the layout.

    Each is read once per rendering (one query for the settings, one for both
    menus), and only when a template uses it.
    """
    site_settings = SimpleLazyObject(SiteSettings.current)
    return {
        "site_settings": site_settings,
        "site_name": SimpleLazyObject(lambda: site_settings.shown_site_name),
        "menus": SimpleLazyObject(_menus),
    }
