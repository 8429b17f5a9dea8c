"""What a buyer and a Chinese reader see around the pages: feeds and sitemaps
readable in a browser, Chinese punctuation, figures worth showing."""

import re
import xml.etree.ElementTree as ET

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from pages.models import SiteSettings
from tests.enterprises.test_views import end_the_editors_request

pytestmark = pytest.mark.django_db

# An XSL stylesheet, whatever the order of its attributes.
STYLESHEET = re.compile(
    rb'<\?xml-stylesheet (?=[^?]*type="text/xsl")[^?]*href="([^"]+)"'
)


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh"])
def test_the_news_list_and_every_footer_link_the_feed_visibly(client, prefix):
    news = client.get(f"{prefix}/news/")
    home = client.get(f"{prefix}/")

    subscribe = "Subscribe to the news (RSS)" if not prefix else "订阅新闻（RSS）"
    in_footer = "News releases (RSS)" if not prefix else "新闻发布（RSS）"
    assertContains(
        news,
        f'<a class="feed-link" href="{prefix}/news/feed/">{subscribe}</a>',
        html=True,
    )
    assertContains(home, f'<a href="{prefix}/news/feed/">{in_footer}</a>', html=True)


@pytest.mark.parametrize("prefix", ["", "/zh-hans"], ids=["en", "zh"])
def test_the_feed_names_a_stylesheet_the_site_serves_in_its_language(
    client, release_factory, prefix
):
    release_factory(title="Guzhen lighting fair", title_zh_hans="古镇灯博会")

    feed = client.get(f"{prefix}/news/feed/")

    stylesheet = STYLESHEET.search(feed.content)
    assert stylesheet is not None
    assert stylesheet.group(1) == b"/static/xsl/feed.xsl"
    language = ET.fromstring(feed.content).findtext("channel/language")
    assert language == ("zh-hans" if prefix else "en")


def test_the_sitemap_and_its_sections_name_a_stylesheet(client, release_factory):
    release_factory()

    for path in ["/sitemap.xml", "/sitemap-releases-1.xml", "/sitemap-pages-1.xml"]:
        response = client.get(path)
        stylesheet = STYLESHEET.search(response.content)
        assert stylesheet is not None, path
        assert stylesheet.group(1) == b"/static/xsl/sitemap.xsl"
        ET.fromstring(response.content)  # still well-formed XML


def test_the_stylesheets_are_files_of_the_site(settings):
    from django.contrib.staticfiles import finders

    for name in ["xsl/feed.xsl", "xsl/sitemap.xsl"]:
        found = finders.find(name)
        assert found is not None
        ET.parse(found)  # a well-formed XSLT document


def test_chinese_footer_contacts_use_full_width_colons(client):
    site_settings = SiteSettings.saved_or_default()
    site_settings.phone = "+86 760 1234 5678"
    site_settings.email = "info@example.com"
    site_settings.save()

    chinese = client.get("/zh-hans/")
    english = client.get("/")

    assertContains(chinese, "电话：<a")
    assertContains(chinese, "电子邮箱：<a")
    assertNotContains(chinese, "电话: ")
    assertContains(english, "Phone: <a")


@pytest.fixture
def lamp_directory(enterprise_factory, product_category_factory):
    fittings = product_category_factory(name="Lamp fittings", name_zh="灯饰配件")
    for _ in range(3):
        enterprise_factory(categories=[fittings])
    end_the_editors_request()
    return fittings


def test_chinese_facet_counts_take_full_width_brackets(client, lamp_directory):
    chinese = client.get("/zh-hans/enterprises/")
    english = client.get("/enterprises/")

    assertContains(
        chinese,
        f'<option value="{lamp_directory.slug}">灯饰配件（3）</option>',
        html=True,
    )
    assertContains(
        english,
        f'<option value="{lamp_directory.slug}">Lamp fittings (3)</option>',
        html=True,
    )


def test_the_charts_count_column_says_number_of_enterprises(client, lamp_directory):
    chinese = client.get("/zh-hans/enterprises/overview/")

    assertContains(chinese, '<th scope="col" class="text-end">企业数</th>', html=True)
    assertNotContains(
        chinese, '<th scope="col" class="text-end">企业名录</th>', html=True
    )


def test_key_figures_with_nothing_to_count_are_left_out(client, lamp_directory):
    home = client.get("/")
    chinese = client.get("/zh-hans/")

    assertContains(home, "enterprises listed")
    assertNotContains(home, "members of the demonstration area")
    assertNotContains(home, "export markets")
    assertNotContains(chinese, "示范区企业")


def test_the_charts_page_leaves_out_figures_with_nothing_to_count(
    client, lamp_directory
):
    chinese = client.get("/zh-hans/enterprises/overview/")
    english = client.get("/enterprises/overview/")

    assertContains(chinese, "家企业。镇区：")
    assertNotContains(chinese, "示范区企业：0")
    assertContains(english, "in the directory. Towns: ")
    assertNotContains(english, "Members of the demonstration area")
