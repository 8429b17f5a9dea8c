"""Who sent a request, as far as the site can tell behind its proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CLUSTER_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        # A link-local zone ("%eth0") is no part of the address, nor valid in SQL.
        return str(ipaddress.ip_address(address.split("%")[0]))
    except ValueError:
        return None
