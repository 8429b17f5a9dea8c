import xml.etree.ElementTree as ET

import pytest
from pytest_django.asserts import assertContains

from core import sitemaps
from tests.support.sitemap import NAMESPACES, sitemap_locations, sitemap_sections

pytestmark = pytest.mark.django_db


def test_each_section_holds_at_most_its_share_of_addresses(
    client, release_factory, monkeypatch
):
    monkeypatch.setattr(sitemaps, "ADDRESSES_PER_SECTION", 4)
    releases = [release_factory(title_zh_hans="双语新闻") for _ in range(5)]

    sections = sitemap_sections(client)

    # Two releases (four addresses: two languages) per section: three sections.
    sizes = [len(section.findall("s:url", NAMESPACES)) for section in sections]
    assert max(sizes) <= 4
    assert client.get("/sitemap-releases-3.xml").status_code == 200
    addresses = sitemap_locations(client)
    for release in releases:
        assert f"http://testserver{release.get_absolute_url()}" in addresses
        assert f"http://testserver/zh-hans{release.get_absolute_url()}" in addresses


@pytest.mark.parametrize("count", [3, 30])
def test_a_section_runs_one_query_whatever_its_size(
    client, release_factory, django_assert_num_queries, count
):
    for _ in range(count):
        release_factory(title_zh_hans="双语新闻")  # one address per language
    with django_assert_num_queries(1):
        response = client.get("/sitemap-releases-1.xml")
    assert len(ET.fromstring(response.content).findall("s:url", NAMESPACES)) == (
        2 * count
    )


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap-releases-2.xml",
        "/sitemap-nothing-1.xml",
        "/sitemap-pages-0.xml",
        "/sitemap-releases-0.xml",
        "/sitemap-enterprises-0.xml",
        "/sitemap-releases-99999999999999999999.xml",
        "/sitemap-releases-50001.xml",
    ],
)
def test_a_section_that_does_not_exist_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_robots_txt_keeps_crawlers_off_filter_combinations_and_searches(client):
    response = client.get("/robots.txt")
    for line in (
        "Disallow: /enterprises/?*&",
        "Disallow: /enterprises/?q=",
        "Disallow: /zh-hans/enterprises/?*&",
        "Disallow: /news/?*&",
        "Disallow: /zh-hans/news/?q=",
    ):
        assertContains(response, f"{line}\n")


def test_links_to_filtered_directory_pages_are_nofollow(
    client, enterprise_factory, product_category_factory
):
    lamps = product_category_factory(name="Desk lamps")
    enterprise = enterprise_factory(categories=[lamps], markets=["DE"])

    page = client.get(enterprise.get_absolute_url())
    listing = client.get("/enterprises/", {"category": lamps.slug})

    assertContains(
        page,
        f'<a rel="nofollow" href="/enterprises/?category={lamps.slug}">Desk lamps</a>',
        html=True,
    )
    assertContains(page, 'rel="nofollow" href="/enterprises/?market=DE"')
    assertContains(
        page, f'rel="nofollow" href="/enterprises/?town={enterprise.town.slug}"'
    )
    assertContains(listing, 'rel="nofollow" href="?"')
