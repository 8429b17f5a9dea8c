import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from tests.support.layout import LAYOUT_QUERIES, VERSION_QUERIES

pytestmark = pytest.mark.django_db


def test_search_finds_releases_by_words_anywhere_in_them(client, release_factory):
    release_factory(title="Guzhen lighting fair opens")
    release_factory(summary="Buyers from Lagos visit the chandelier makers.")
    release_factory(body="<p>An export inspection for LED downlights.</p>")
    release_factory(title="Unrelated municipal notice")

    response = client.get("/news/", {"q": "chandelier"})

    assertContains(response, "Buyers from Lagos")
    assertNotContains(response, "Guzhen lighting fair opens")
    assertNotContains(response, "Unrelated municipal notice")


def test_search_needs_every_word(client, release_factory):
    release_factory(title="LED export figures rise")
    release_factory(title="LED streetlights for Guzhen")

    response = client.get("/news/", {"q": "LED export"})

    assertContains(response, "LED export figures rise")
    assertNotContains(response, "LED streetlights for Guzhen")


def test_chinese_search_finds_a_word_inside_a_sentence(client, release_factory):
    release_factory(title="中山古镇灯饰产业集群", slug="guzhen-cluster")
    release_factory(title="出口质量安全示范区", slug="export-zone")

    response = client.get("/news/", {"q": "灯饰"})

    assertContains(response, "中山古镇灯饰产业集群")
    assertNotContains(response, "出口质量安全示范区")


def test_search_runs_a_constant_number_of_queries(
    client, release_factory, django_assert_num_queries
):
    release_factory(title="Lamp makers meet")
    with django_assert_num_queries(3 + LAYOUT_QUERIES + VERSION_QUERIES):
        client.get("/news/", {"q": "lamp"})
    for _number in range(15):
        release_factory(title="Lamp makers meet again")

    with django_assert_num_queries(3 + LAYOUT_QUERIES + VERSION_QUERIES):
        client.get("/news/", {"q": "lamp"})


def test_search_matches_other_forms_of_a_word(client, release_factory):
    release_factory(title="Zhongshan exports lamps to 130 countries")

    response = client.get("/news/", {"q": "exporting lamp"})

    assertContains(response, "Zhongshan exports lamps to 130 countries")


def test_chinese_search_cuts_a_query_written_without_spaces(client, release_factory):
    release_factory(title_zh_hans="中山市古镇的灯饰企业参加广交会", slug="fair")
    release_factory(title_zh_hans="中山市出口质量安全示范区通过验收", slug="zone")

    response = client.get("/zh-hans/news/", {"q": "中山灯饰企业"})

    assert [r.slug for r in response.context["object_list"]] == ["fair"]


def test_a_title_match_comes_before_a_body_match(client, release_factory):
    older_title = release_factory(
        title="Guzhen chandelier fair",
        release_time=timezone.now() - datetime.timedelta(days=30),
    )
    newer_body = release_factory(
        title="Trade figures", body="<p>Chandelier exports rose.</p>"
    )

    for page in ("/news/", "/zh-hans/news/"):
        response = client.get(page, {"q": "chandeliers"})
        listed = [r.slug for r in response.context["object_list"]]
        assert listed == [older_title.slug, newer_body.slug]


def test_words_in_separate_paragraphs_are_not_joined(client, release_factory):
    release_factory(body="<p>Guzhen</p><p>lighting</p>")

    response = client.get("/news/", {"q": "guzhenlighting"})

    assert response.context["paginator"].count == 0


def test_search_uses_only_the_first_eight_words(client, release_factory):
    release_factory(title_zh_hans="古镇 横栏 小榄 东凤 南头 东升 沙溪 大涌")

    response = client.get(
        "/zh-hans/news/", {"q": "古镇 横栏 小榄 东凤 南头 东升 沙溪 大涌 板芙"}
    )

    # The ninth word (not in the title) is left out rather than searched.
    assert response.context["paginator"].count == 1
