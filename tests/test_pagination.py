import pytest
from pytest_django.asserts import assertContains, assertNotContains

from news.views import ReleaseListView

pytestmark = pytest.mark.django_db


@pytest.fixture
def twelve_pages(monkeypatch, release_factory):
    monkeypatch.setattr(ReleaseListView, "paginate_by", 1)
    for _ in range(12):
        release_factory()


def test_a_middle_page_links_first_previous_its_neighbours_next_and_last(
    client, twelve_pages
):
    response = client.get("/news/?page=6")

    assertContains(
        response,
        '<span aria-current="page"><span class="visually-hidden">Page 6</span>'
        '<span aria-hidden="true">6</span></span>',
        html=True,
    )
    assertContains(response, 'rel="prev" href="?page=5"', count=1)
    assertContains(response, 'rel="next" href="?page=7"', count=1)
    for number in [4, 5, 7, 8, 12]:
        assertContains(response, f'href="?page={number}"')
    for number in [2, 3, 9, 10, 11]:
        assertNotContains(response, f'href="?page={number}"')
    # "First" is the list's own address, without ?page=1.
    assertNotContains(response, "page=1&")
    assertNotContains(response, 'href="?page=1"')
    assertContains(response, ">First</span>")
    assertContains(response, ">Last</span>")


def test_the_first_page_has_no_way_back_and_keeps_the_search(client, twelve_pages):
    response = client.get("/news/?q=Release")

    assertNotContains(response, 'rel="prev"')
    assertNotContains(response, ">First</span>")
    assertContains(response, 'rel="next" href="?q=Release&amp;page=2"')
    assertContains(response, 'href="?q=Release&amp;page=12"')


def test_a_single_page_shows_no_pagination(client, release_factory):
    release_factory()

    response = client.get("/news/")

    assertNotContains(response, 'aria-label="Pages"')
