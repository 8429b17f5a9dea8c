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


# One IPv6 subscriber (a home, a phone, a server) holds a whole /64 and can use
# any address in it; counting addresses one by one would count one client as
# millions.
IPV6_CLIENT_PREFIX = 64


def network_of(address: str | None) -> str | None:
    """What one client holds: an IPv4 address, or the /64 of an IPv6 address.

    Given as an address (the network's first), so that it can be stored where
    an IP address is expected (django-axes).
    """
    if address is None:
        return None
    ip = ipaddress.ip_address(address)
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 4:
        return str(ip)
    network = ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False)
    return str(network.network_address)


def client_network(request: HttpRequest) -> str | None:
    """The client as rate limits and the login lockout count it (see network_of)."""
    return network_of(client_address(request))
