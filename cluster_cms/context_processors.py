from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Layout-wide values: the current section (the site's name, menus and footer
    come from the editors' settings, pages.context_processors)."""
    match = request.resolver_match
    return {
        # The app namespace or, for project pages, the route name: the header marks
        # the matching navigation link as the current page.
        "nav_section": (match.namespace or match.url_name) if match else "",
    }
