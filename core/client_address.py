"""Who sent a request, as far as the site can tell behind its proxies."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies.

    Behind CLUSTER_TRUSTED_PROXY_COUNT = N proxies that each append the address
    they were reached from, the client is the Nth address from the right of
    X-Forwarded-For (django-ipware counts the N - 1 proxies listed after it);
    whatever a client wrote before that is ignored. With no proxy, or a header
    too short to hold the client, only the connection's address counts.
    """
    proxies = settings.CLUSTER_TRUSTED_PROXY_COUNT
    address = None
    if proxies > 0:
        address, _routable = get_client_ip(
            request,
            proxy_count=proxies - 1,
            request_header_order=["HTTP_X_FORWARDED_FOR"],
            strict=False,
        )
    if address is None:
        address, _routable = get_client_ip(
            request, request_header_order=["REMOTE_ADDR"], strict=False
        )
    # A link-local zone ("%eth0") is no part of the address, nor valid in SQL.
    return address.split("%")[0] if address else None


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
