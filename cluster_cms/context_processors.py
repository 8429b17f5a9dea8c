from django.conf import settings
from django.http import HttpRequest

from .i18n import site_name


def site(request: HttpRequest) -> dict:
    """Layout-wide values: the site's name, the ICP number and the current section."""
    match = request.resolver_match
    return {
        "site_name": site_name(),
        "icp_number": settings.CLUSTER_ICP_NUMBER,
        # The app namespace or, for project pages, the route name: the header marks
        # the matching navigation link as the current page.
        "nav_section": (match.namespace or match.url_name) if match else "",
    }
