from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Layout-wide values: the site's name and the ICP filing number for the footer."""
    return {
        "site_name": settings.CLUSTER_SITE_NAME,
        "icp_number": settings.CLUSTER_ICP_NUMBER,
    }
