"""What every public page's layout shows from the editors' rows: the site
settings, the header and footer menus.

All of it changes only when an editor saves (both models are registered with
the page cache), so it is read once per site version (`caching.shared`), not on
every rendering: a page's own queries are all it runs. The header and footer
drawn from it are `{% cache %}` fragments of `base.html` under the same version.
"""

from dataclasses import dataclass, field

from django.db import DatabaseError

from caching.shared import Shared

from .models import Page, SiteSettings


@dataclass(frozen=True)
class Layout:
    settings: SiteSettings
    header_pages: list[Page]
    footer_pages: list[Page]
    # The releases the editors feature on the home page, public or not yet.
    featured_release_pks: list[int] = field(default_factory=list)
    # False for the defaults drawn while the database is down: fragments drawn
    # from them are kept apart from the real ones.
    is_read: bool = True

    @property
    def header_urls(self) -> set[str]:
        """The addresses of the header's menu pages."""
        return {page.get_absolute_url() for page in self.header_pages}


def _read() -> Layout:
    pages = list(Page.objects.in_menus())
    settings = SiteSettings.saved_or_default()
    return Layout(
        settings=settings,
        featured_release_pks=settings.featured_release_pks(),
        header_pages=[page for page in pages if page.in_header_menu],
        footer_pages=[page for page in pages if page.in_footer_menu],
    )


_layout = Shared("pages:layout", _read)


def current_layout() -> Layout:
    """The layout at the current version; the defaults while the database is down
    (an error page still renders)."""
    try:
        return _layout.get()
    except DatabaseError:
        return Layout(
            settings=SiteSettings.default(),
            header_pages=[],
            footer_pages=[],
            is_read=False,
        )
