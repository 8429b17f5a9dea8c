"""The directory in English and in Simplified Chinese."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains

from tests.test_i18n import language_links

pytestmark = pytest.mark.django_db

FALLBACK_NOTICE_ZH = "本企业简介尚无中文版，以下显示英文原文。"


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def guzhen_maker(
    enterprise_factory, town_factory, product_category_factory, certification_factory
):
    """An enterprise whose town, category and certification have Chinese names."""
    return enterprise_factory(
        name="Radiant Lamps",
        town=town_factory(name="Guzhen town", name_zh="古镇镇"),
        categories=[
            product_category_factory(name="Crystal chandeliers", name_zh="水晶吊灯")
        ],
        certifications=[
            certification_factory(
                name="QS mark",
                name_zh="质量安全标志",
                full_name="Quality and safety mark",
            )
        ],
        description="We make chandeliers for hotels.",
        is_featured=True,
    )


def directory_paths(enterprise, language):
    return [
        url("enterprises:enterprise_list", language),
        url("enterprises:enterprise_overview", language),
        url("enterprises:enterprise_detail", language, slug=enterprise.slug),
    ]


def test_directory_pages_answer_in_both_languages_with_lang_hreflang_and_switcher(
    client, guzhen_maker
):
    english_paths = directory_paths(guzhen_maker, "en")
    chinese_paths = directory_paths(guzhen_maker, "zh-hans")
    assert chinese_paths == ["/zh-hans" + path for path in english_paths]
    for english, chinese in zip(english_paths, chinese_paths, strict=True):
        for language, path, other, other_path in [
            ("en", english, "zh-hans", chinese),
            ("zh-hans", chinese, "en", english),
        ]:
            response = client.get(path)

            assert response.status_code == 200, path
            page = language_links(response)
            assert page.html_lang == language, path
            assert page.alternates == {
                "en": f"http://testserver{english}",
                "zh-hans": f"http://testserver{chinese}",
                "x-default": f"http://testserver{english}",
            }, path
            assert page.switcher == {other: other_path}, path


def test_chinese_pages_name_towns_categories_and_certifications_in_chinese(
    client, guzhen_maker
):
    paths = directory_paths(guzhen_maker, "zh-hans") + ["/zh-hans/"]
    for path in paths:
        response = client.get(path)

        assertContains(response, "古镇镇", msg_prefix=path)
        assertNotContains(response, "Guzhen town", msg_prefix=path)
        if "overview" not in path:
            assertContains(response, "水晶吊灯", msg_prefix=path)
            assertNotContains(response, "Crystal chandeliers", msg_prefix=path)
    listing = client.get("/zh-hans/enterprises/")
    assertContains(listing, "质量安全标志")
    labels = [option.label for option in listing.context["facets"]["town"]]
    assert "古镇镇" in labels
    detail = client.get(guzhen_maker.get_absolute_url().replace("/", "/zh-hans/", 1))
    assertContains(detail, "<dd>古镇镇</dd>", html=True)
    assertContains(detail, "质量安全标志")


def test_english_pages_name_them_in_english(client, guzhen_maker):
    paths = directory_paths(guzhen_maker, "en") + ["/"]
    for path in paths:
        response = client.get(path)

        assertContains(response, "Guzhen town", msg_prefix=path)
        assertNotContains(response, "古镇镇", msg_prefix=path)
        assertNotContains(response, "水晶吊灯", msg_prefix=path)
        assertNotContains(response, "质量安全标志", msg_prefix=path)


def test_a_chinese_description_is_shown_on_the_chinese_page_only(
    client, enterprise_factory
):
    enterprise = enterprise_factory(
        description="Makers of brass ceiling lights.",
        description_zh_hans="专业生产黄铜吸顶灯。",
    )
    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")
    english = client.get(f"/enterprises/{enterprise.slug}/")

    assertContains(chinese, "专业生产黄铜吸顶灯。")
    assertNotContains(chinese, "Makers of brass ceiling lights.")
    assertNotContains(chinese, FALLBACK_NOTICE_ZH)
    assertContains(english, "Makers of brass ceiling lights.")
    assertNotContains(english, "专业生产黄铜吸顶灯。")


def test_a_missing_chinese_description_falls_back_to_english_and_says_so(
    client, enterprise_factory
):
    enterprise = enterprise_factory(description="Makers of brass ceiling lights.")

    chinese = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")

    assertContains(chinese, FALLBACK_NOTICE_ZH)
    assertContains(
        chinese,
        '<div lang="en"><p>Makers of brass ceiling lights.</p></div>',
        html=True,
    )
    english = client.get(f"/enterprises/{enterprise.slug}/")
    assertNotContains(english, "not yet available in Chinese")
    assertNotContains(english, 'lang="en"><p>')


def _listed(response) -> set[str]:
    return {card.enterprise.slug for card in response.context["object_list"]}


def test_chinese_search_finds_a_two_character_word_in_chinese_names_and_descriptions(
    client, enterprise_factory
):
    by_name = enterprise_factory(name="Radiant Lamps", name_zh="光辉灯饰有限公司")
    by_description = enterprise_factory(
        name="Jade Works",
        description="Makers of lamp parts.",
        description_zh_hans="主要生产灯饰配件和光源。",
    )
    enterprise_factory(name="Pearl Light", description_zh_hans="专业生产吸顶灯。")

    response = client.get("/zh-hans/enterprises/", {"q": "灯饰"})

    assert _listed(response) == {by_name.slug, by_description.slug}


def test_both_languages_are_searched_on_either_page(client, enterprise_factory):
    enterprise = enterprise_factory(
        name="Jade Works",
        description="Makers of chandeliers.",
        description_zh_hans="专业生产水晶吊灯。",
    )

    for page in ("/enterprises/", "/zh-hans/enterprises/"):
        for words in ("chandeliers", "吊灯", "水晶吊灯"):
            assert _listed(client.get(page, {"q": words})) == {enterprise.slug}


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("enterprises:enterprise_list", {}),
        ("enterprises:enterprise_list", {"q": "lamps", "member": "no"}),
        ("enterprises:enterprise_overview", {}),
        ("enterprises:enterprise_detail", None),
        ("home", {}),
    ],
)
def test_chinese_directory_pages_run_as_many_queries_as_english_ones(
    client, enterprise_factory, guzhen_maker, name, params
):
    for _ in range(3):
        enterprise_factory(description_zh_hans="灯饰")
    kwargs = {"slug": guzhen_maker.slug} if params is None else {}
    counts = []
    for language in ("en", "zh-hans"):
        path = url(name, language, **kwargs)
        client.get(path, params or {})  # the same, warm, cache for both
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, params or {})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_editors_write_the_description_in_both_languages(admin_client):
    response = admin_client.get(reverse("admin:enterprises_enterprise_add"))

    assertContains(response, 'name="description_en"')
    assertContains(response, 'name="description_zh_hans"')


def test_an_english_release_title_on_a_chinese_enterprise_page_is_marked_english(
    client, enterprise_factory, release_factory
):
    enterprise = enterprise_factory()
    english_only = release_factory(title="Guzhen fair opens")
    translated = release_factory(title="Awards", title_zh_hans="颁奖")
    enterprise.releases.add(english_only, translated)

    page = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")

    assertContains(
        page,
        f'<a href="/zh-hans/news/{english_only.slug}/" lang="en">Guzhen fair opens</a>',
        html=True,
    )
    assertContains(
        page, f'<a href="/zh-hans/news/{translated.slug}/">颁奖</a>', html=True
    )
