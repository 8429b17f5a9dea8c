import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Release
from tests.enterprises.test_views import end_the_editors_request
from tests.support.layout import LAYOUT_QUERIES, VERSION_QUERIES

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search:results")


@pytest.fixture
def lighting_site(enterprise_factory, release_factory):
    enterprise_factory(
        name="Floodlight Makers", slug="floodlight-makers", main_products="LED"
    )
    enterprise_factory(
        name="Crystal House",
        description="Crystal chandeliers for hotels.",
        description_zh_hans="酒店水晶吊灯。",
    )
    enterprise_factory(name="Hidden Floodlight Co.", is_published=False)
    release_factory(title="Floodlight exports grow", slug="floodlight-exports")
    release_factory(title="Floodlight draft", status=Release.Status.DRAFT)
    release_factory(
        title="Floodlight fair next year",
        release_time=timezone.now() + datetime.timedelta(days=3),
    )


def titles(response, kind):
    group = next(group for group in response.context["groups"] if group.kind == kind)
    # An enterprise's result is its card.
    found = [getattr(result, "enterprise", result) for result in group.results]
    return [str(result) for result in found], group.count


def test_one_search_finds_enterprises_and_news_grouped_by_kind(client, lighting_site):
    response = client.get(SEARCH_URL, {"q": "floodlight"})

    assert titles(response, "enterprises") == (["Floodlight Makers"], 1)
    assert titles(response, "news") == (["Floodlight exports grow"], 1)
    assertContains(
        response,
        '<h2 id="results-enterprises" class="h4">Enterprises'
        ' <span class="badge text-bg-light">1</span></h2>',
        html=True,
    )
    assertContains(
        response,
        '<h2 id="results-news" class="h4">News releases'
        ' <span class="badge text-bg-light">1</span></h2>',
        html=True,
    )
    assertContains(response, 'href="/enterprises/floodlight-makers/"')
    assertContains(response, 'href="/news/floodlight-exports/"')


def test_unpublished_enterprises_drafts_and_scheduled_releases_are_not_found(
    client, lighting_site
):
    response = client.get(SEARCH_URL, {"q": "floodlight"})

    assertNotContains(response, "Hidden Floodlight")
    assertNotContains(response, "Floodlight draft")
    assertNotContains(response, "Floodlight fair")


def test_the_chinese_page_searches_the_chinese_texts(client, lighting_site):
    response = client.get("/zh-hans/search/", {"q": "吊灯"})

    assert titles(response, "enterprises") == (["Crystal House"], 1)
    assertContains(response, '<h1 id="search-heading">搜索</h1>', html=True)


def test_a_kind_without_results_says_so_and_offers_the_whole_list(
    client, lighting_site
):
    response = client.get(SEARCH_URL, {"q": "chandeliers"})

    assert titles(response, "news") == ([], 0)
    assertContains(
        response,
        '<p>No release matches your search. <a href="/news/">See all releases</a></p>',
        html=True,
    )


def test_enterprise_results_lead_to_the_directory_to_filter_them(client, lighting_site):
    response = client.get(SEARCH_URL, {"q": "crystal chandeliers"})

    assertContains(
        response,
        '<a href="/enterprises/?q=crystal+chandeliers">'
        "See it in the directory, with its filters</a>",
        html=True,
    )


def test_more_results_than_shown_link_to_the_whole_list(client, release_factory):
    for _ in range(8):
        release_factory(title="Trade fair report")

    response = client.get(SEARCH_URL, {"q": "fair"})

    assert len(response.context["groups"][1].results) == 6
    assertContains(
        response,
        '<a href="/news/?q=fair">See all 8 releases found</a>',
        html=True,
    )


def test_without_a_query_the_page_asks_for_one_and_searches_nothing(
    client, lighting_site, django_assert_num_queries
):
    with django_assert_num_queries(LAYOUT_QUERIES + VERSION_QUERIES):
        response = client.get(SEARCH_URL)

    assert response.status_code == 200
    assert response.context["groups"] == []
    assertContains(response, "Type what you are looking for")


@pytest.mark.parametrize("query", ["x" * 101, "lamp\x00"])
def test_a_query_that_cannot_be_searched_is_a_clear_message_and_is_kept(client, query):
    response = client.get(SEARCH_URL, {"q": query})

    assert response.status_code == 200
    assert response.context["groups"] == []
    assertContains(response, "Nothing was searched: please correct the search above.")
    assertContains(response, 'class="invalid-feedback" id="search-q-error"')


def test_the_search_runs_the_same_queries_at_two_sizes(
    client,
    enterprise_factory,
    release_factory,
    product_category_factory,
    certification_factory,
    django_assert_num_queries,
):
    for size in (1, 20):
        for _ in range(size):
            enterprise_factory(
                name="Lamp maker",
                categories=[product_category_factory()],
                certifications=[certification_factory()],
            )
            release_factory(title="Lamp news")
        end_the_editors_request()
        # The enterprises' cards (found, counted and listed by the directory's
        # index); the releases' keys in order, then the first few. (The layout
        # and the index were read once the edit's request ended.)
        with django_assert_num_queries(3 + VERSION_QUERIES):
            response = client.get(SEARCH_URL, {"q": "lamp"})
        assert response.status_code == 200


def test_searching_writes_nothing_and_sets_no_cookie(client, lighting_site):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH_URL, {"q": "floodlight"})

    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
    assert not response.cookies


def test_result_pages_are_kept_out_of_search_engines(client):
    assertContains(
        client.get(SEARCH_URL, {"q": "lamp"}),
        '<meta name="robots" content="noindex">',
        html=True,
    )


@pytest.mark.parametrize("path", ["/", "/news/", "/enterprises/", "/zh-hans/"])
def test_every_page_has_a_search_box_in_its_header(client, path):
    response = client.get(path)

    chinese = path.startswith("/zh-hans/")
    search_url = "/zh-hans/search/" if chinese else SEARCH_URL
    # A search landmark named apart from the page's own search forms.
    name = "全站搜索" if chinese else "Search the site"
    assertContains(
        response,
        f'<form class="site-search" method="get" action="{search_url}"'
        f' role="search" aria-label="{name}">',
    )
    assertContains(response, 'id="site-search-q"', count=1)
