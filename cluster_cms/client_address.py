"""Who sent a request, as far as the site can tell behind its proxies."""

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
