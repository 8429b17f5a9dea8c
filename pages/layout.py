"""What every public page's layout shows from the editors' rows: the site
settings, the header and footer menus, and the footer drawn from them.

All of it changes only when an editor saves (both models are registered with
the page cache), so it is read once per cache version, by the worker that
served the edit, and kept (`page_cache.Held`), not read on every rendering: a
page's own queries are all it runs. Each worker draws the header and footer
once per version and language (`layout_tags`).
"""

from dataclasses import dataclass, field

from django.db import DatabaseError

from caching import page_cache

from .models import Page, SiteSettings


@dataclass(frozen=True)
class Layout:
    settings: SiteSettings
    header_pages: list[Page]
    footer_pages: list[Page]
    # The releases the editors feature on the home page, public or not yet.
    featured_release_pks: list[int] = field(default_factory=list)
    # False for the defaults drawn while the database is down: what is drawn
    # from them is not kept for the version.
    is_read: bool = True


def _read() -> Layout:
    pages = list(Page.objects.in_menus())
    settings = SiteSettings.saved_or_default()
    return Layout(
        settings=settings,
        featured_release_pks=settings.featured_release_pks(),
        header_pages=[page for page in pages if page.in_header_menu],
        footer_pages=[page for page in pages if page.in_footer_menu],
    )


_layout = page_cache.Held("pages:layout", _read, shared=True)


def current_layout() -> Layout:
    """The layout at the current version; the defaults while the database is down
    (an error page still renders; nothing is kept, so the real one follows)."""
    try:
        return _layout.get()
    except DatabaseError:
        return Layout(
            settings=SiteSettings.default(),
            header_pages=[],
            footer_pages=[],
            is_read=False,
        )
