import pytest
from django.test import RequestFactory

from core.client_address import client_address


def address(**meta) -> str | None:
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.1"),  # no proxy: the header is the client's word
        (1, "192.0.2.3", "192.0.2.3"),
        (1, "6.6.6.6, 192.0.2.3", "192.0.2.3"),  # a forged start is ignored
        (2, "6.6.6.6, 192.0.2.3, 10.0.0.5", "192.0.2.3"),
        (2, "192.0.2.3", "10.0.0.1"),  # too short to hold the client
        (1, "not an address", "10.0.0.1"),
    ],
)
def test_the_client_is_counted_from_the_right_behind_trusted_proxies(
    settings, proxies, forwarded, expected
):
    settings.CLUSTER_TRUSTED_PROXY_COUNT = proxies

    assert address(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded) == expected


def test_an_ipv6_zone_is_left_out_and_no_address_is_none():
    assert address(REMOTE_ADDR="fe80::1%eth0") == "fe80::1"
    assert address(REMOTE_ADDR="") is None
