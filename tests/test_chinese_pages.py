"""Chinese pages read as Chinese: names, order and punctuation (docs/i18n.md)."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db


def _labels(response, facet: str) -> list[str]:
    return [option.label for option in response.context["facets"][facet]]


def test_towns_sort_by_pinyin_on_chinese_pages_and_alphabetically_on_english(
    client, enterprise_factory, town_factory
):
    # By code point 中 (U+4E2D) comes before 阿 (U+963F); by pinyin a- comes first.
    enterprise_factory(town=town_factory(name="Alpha Town", name_zh="中心镇"))
    enterprise_factory(town=town_factory(name="Zulu Town", name_zh="阿城镇"))

    chinese = _labels(client.get("/zh-hans/enterprises/"), "town")
    english = _labels(client.get("/enterprises/"), "town")

    assert chinese.index("阿城镇") < chinese.index("中心镇")
    assert english.index("Alpha Town") < english.index("Zulu Town")


def test_export_markets_sort_by_pinyin_on_a_chinese_page(client, enterprise_factory):
    enterprise = enterprise_factory(markets=["DK", "DZ", "DE"])

    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")
    english = client.get(f"/enterprises/{enterprise.slug}/")

    # 阿尔及利亚 (a) < 丹麦 (dan) < 德国 (de), though 丹 < 德 < 阿 by code point.
    assert _in_page_order(chinese, ["阿尔及利亚", "丹麦", "德国"])
    assert _in_page_order(english, ["Algeria", "Denmark", "Germany"])
    assert _labels(client.get("/zh-hans/enterprises/"), "market") == [
        "阿尔及利亚",
        "丹麦",
        "德国",
    ]


def _in_page_order(response, texts: list[str]) -> bool:
    page = response.content.decode()
    positions = [page.index(text) for text in texts]
    return positions == sorted(positions)


def test_the_chinese_name_leads_on_chinese_pages_and_the_english_on_english(
    client, enterprise_factory
):
    enterprise = enterprise_factory(name="Radiant Lamps", name_zh="光辉灯饰")

    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")
    english = client.get(f"/enterprises/{enterprise.slug}/")

    assertContains(chinese, '<h1 class="mb-1">光辉灯饰</h1>', html=True)
    assertContains(
        chinese, '<p class="lead mb-1" lang="en">Radiant Lamps</p>', html=True
    )
    assertContains(chinese, "<title>光辉灯饰 Radiant Lamps · 中山灯饰产业集群</title>")
    assertContains(english, '<h1 class="mb-1">Radiant Lamps</h1>', html=True)
    assertContains(
        english, '<p class="lead mb-1" lang="zh-hans">光辉灯饰</p>', html=True
    )
    card = client.get("/zh-hans/enterprises/")
    assertContains(card, f'href="/zh-hans/enterprises/{enterprise.slug}/">光辉灯饰</a>')


def test_chinese_pages_use_full_width_punctuation_and_enumeration_commas(
    client, enterprise_factory, product_category_factory, release_factory
):
    release = release_factory(title_zh_hans="灯博会开幕")
    enterprise_factory(
        categories=[
            product_category_factory(name="Pendants", name_zh="吊灯"),
            product_category_factory(name="Flush mounts", name_zh="吸顶灯"),
        ]
    )

    page = client.get(f"/zh-hans/news/{release.slug}/")
    listing = client.get("/zh-hans/enterprises/")

    assertContains(page, "发布时间：<time")
    assertNotContains(page, "发布时间: ")
    assertContains(listing, "吊灯、吸顶灯")
    assertContains(client.get("/enterprises/"), "Flush mounts, Pendants")


def test_a_certification_description_reads_in_the_page_s_language(
    client, enterprise_factory, certification_factory
):
    both = certification_factory(
        name="QS", full_name_en="Quality mark", full_name_zh_hans="质量标志"
    )
    english_only = certification_factory(name="XL", full_name_en="Export licence")
    enterprise = enterprise_factory(certifications=[both, english_only])

    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")
    english = client.get(f"/enterprises/{enterprise.slug}/")

    assertContains(chinese, '<span class="small text-body-secondary">质量标志</span>')
    assertContains(
        chinese,
        '<span class="small text-body-secondary" lang="en">Export licence</span>',
    )
    assertContains(
        english, '<span class="small text-body-secondary">Quality mark</span>'
    )


def test_a_description_written_in_chinese_only_is_marked_on_the_english_page(
    client, enterprise_factory
):
    enterprise = enterprise_factory(
        description="", description_zh_hans="专业生产吊灯。"
    )

    english = client.get(f"/enterprises/{enterprise.slug}/")
    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")

    assertContains(english, "This description is written in Chinese only.")
    assertContains(
        english, '<div lang="zh-hans"><p>专业生产吊灯。</p></div>', html=True
    )
    assertNotContains(chinese, "enterprise-fallback")


def test_chinese_sentences_follow_each_other_without_a_space(
    client, enterprise_factory
):
    enterprise_factory(is_member=True)

    chinese = client.get("/zh-hans/enterprises/overview/")
    english = client.get("/enterprises/overview/")

    assertContains(chinese, "家企业。示范区企业：")
    assertContains(english, "in the directory. Members of the demonstration area:")
