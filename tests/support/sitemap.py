"""Read the sitemap as a crawler does: the index, then every section it lists."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def sitemap_sections(client) -> list[ET.Element]:
    """Each section of /sitemap.xml, parsed."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    sections = []
    for location in index.iterfind("s:sitemap/s:loc", NAMESPACES):
        section = client.get(urlsplit(location.text).path)
        assert section.status_code == 200
        sections.append(ET.fromstring(section.content))
    return sections


def sitemap_entries(client) -> list[ET.Element]:
    """Every <url> entry of every section."""
    return [
        entry
        for section in sitemap_sections(client)
        for entry in section.iterfind("s:url", NAMESPACES)
    ]


def sitemap_locations(client) -> set[str]:
    """Every address the sitemap lists."""
    return {
        entry.findtext("s:loc", namespaces=NAMESPACES)
        for entry in sitemap_entries(client)
    }


def sitemap_lastmods(client) -> set[str]:
    """Every date the sitemap gives as a page's last change."""
    return {
        entry.findtext("s:lastmod", namespaces=NAMESPACES)
        for entry in sitemap_entries(client)
    } - {None}
