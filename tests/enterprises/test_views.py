import datetime
from unittest import mock

import pytest
from django.core.cache import caches
from django.core.signals import request_finished
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from caching import version as site_version
from contact.forms import sign_about
from contact.models import Message
from enterprises import facet_index
from news.models import Release
from tests.support.layout import VERSION_QUERIES
from tests.support.sitemap import sitemap_locations

pytestmark = pytest.mark.django_db

LIST_URL = "/enterprises/"


def end_the_editors_request() -> None:
    """What the worker that served an edit does once its response is sent.

    As Django's test client does, without closing the test's connection.
    """
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture
def directory(
    enterprise_factory, town_factory, product_category_factory, certification_factory
):
    """Make a directory of `size` enterprises spread over a few lists, as an
    editor's import does (its worker indexes the directory when it is done)."""

    def make(size):
        towns = [town_factory() for _ in range(3)]
        categories = [product_category_factory() for _ in range(3)]
        marks = [certification_factory() for _ in range(3)]
        expired = timezone.localdate() - datetime.timedelta(days=3)
        for number in range(size):
            enterprise_factory(
                town=towns[number % 3],
                categories=categories[: 1 + number % 3],
                certifications=[marks[0], (marks[1], expired)],
                markets=["DE", "US"] if number % 2 else ["FR"],
                is_member=number % 4 == 0,
                is_featured=number < 2,
            )
        end_the_editors_request()
        return towns, categories, marks

    return make


def test_published_enterprise_is_listed_and_has_its_page(
    client, enterprise_factory, product_category_factory, certification_factory
):
    enterprise = enterprise_factory(
        name="Radiant Lamps",
        name_zh="光辉灯饰",
        credit_code="91350100M000100Y43",
        founded_year=2003,
        phone="+86 760 0000 0000",
        email="sales@example.com",
        categories=[product_category_factory(name="Pendant lamps")],
        certifications=[certification_factory(name="KC")],
        markets=["DE"],
        verified_on=datetime.date(2026, 5, 4),
    )
    listing = client.get(LIST_URL)
    assertContains(listing, "Radiant Lamps")
    page = client.get(enterprise.get_absolute_url())
    assertContains(page, '<h1 class="mb-1">Radiant Lamps</h1>', html=True)
    for text in (
        "光辉灯饰",
        "91350100M000100Y43",
        "2003",
        "Pendant lamps",
        "KC",
        "Germany",
        "sales@example.com",
        "Last verified by staff on 2026-05-04",
    ):
        assertContains(page, text)


def test_unpublished_enterprise_is_invisible_everywhere(
    client, enterprise_factory, release_factory
):
    hidden = enterprise_factory(
        name="Hidden Lamp Works", is_published=False, is_featured=True
    )
    release = release_factory()
    hidden.releases.add(release)
    assertNotContains(client.get(LIST_URL), "Hidden Lamp Works")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert not any(hidden.slug in address for address in sitemap_locations(client))
    assertNotContains(client.get("/"), "Hidden Lamp Works")
    assertNotContains(client.get(release.get_absolute_url()), "Hidden Lamp Works")
    overview = client.get(reverse("enterprises:enterprise_overview"))
    assertNotContains(overview, hidden.town.name)


def test_published_enterprise_is_in_the_sitemap(client, enterprise_factory):
    enterprise = enterprise_factory()
    address = f"http://testserver{enterprise.get_absolute_url()}"
    assert address in sitemap_locations(client)


def test_staff_preview_an_unpublished_enterprise(
    admin_client, enterprise_factory, product_category_factory
):
    lamps = product_category_factory(name="Desk lamps")
    hidden = enterprise_factory(is_published=False, categories=[lamps], markets=["DE"])
    response = admin_client.get(hidden.get_absolute_url())
    assertContains(response, "Preview: this enterprise is not published")
    # Not in the public directory's index: its lists are read for the preview.
    assertContains(response, "Desk lamps")
    assertContains(response, "Germany")
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_an_expired_certificate_is_marked_expired(
    client, enterprise_factory, certification_factory
):
    last_year = timezone.localdate() - datetime.timedelta(days=365)
    enterprise = enterprise_factory(
        certifications=[(certification_factory(name="PSE"), last_year)]
    )
    response = client.get(enterprise.get_absolute_url())
    assertContains(
        response, '<span class="badge text-bg-danger">Expired</span>', html=True
    )


def test_a_valid_certificate_is_not_marked_expired(
    client, enterprise_factory, certification_factory
):
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    enterprise = enterprise_factory(
        certifications=[(certification_factory(name="PSE"), next_year)]
    )
    assertNotContains(client.get(enterprise.get_absolute_url()), "Expired")


def test_detail_lists_the_public_releases_that_mention_it(
    client, enterprise_factory, release_factory
):
    enterprise = enterprise_factory()
    public = release_factory(title="Guzhen fair opens")
    draft = release_factory(title="Draft about the fair", status=Release.Status.DRAFT)
    scheduled = release_factory(
        title="Scheduled fair news",
        release_time=timezone.now() + datetime.timedelta(days=2),
    )
    enterprise.releases.add(public, draft, scheduled)
    response = client.get(enterprise.get_absolute_url())
    assertContains(response, "Guzhen fair opens")
    assertNotContains(response, "Draft about the fair")
    assertNotContains(response, "Scheduled fair news")


def test_release_page_lists_the_enterprises_it_mentions(
    client, enterprise_factory, release_factory
):
    release = release_factory()
    enterprise_factory(name="Jade Lighting").releases.add(release)
    response = client.get(release.get_absolute_url())
    assertContains(response, "Enterprises in this release")
    assertContains(response, "Jade Lighting")


def test_a_message_left_on_an_enterprise_page_records_the_enterprise(
    client, enterprise_factory, captcha_test_mode
):
    enterprise = enterprise_factory()
    page = client.get(enterprise.get_absolute_url())
    assertContains(page, sign_about(enterprise))
    client.post(
        reverse("contact"),
        {
            "name": "Anna Buyer",
            "email": "anna@example.com",
            "body": "Do you make 600 mm LED panels with CE?",
            "about": sign_about(enterprise),
            "next": enterprise.get_absolute_url(),
            "captcha_0": "any",
            "captcha_1": "passed",
        },
    )
    assert Message.objects.get().about == enterprise


# Not "page": pytest-playwright owns that fixture name.
@pytest.mark.parametrize("number", ["0", "-1", str(10**9), "abc", "1.5"])
def test_a_page_number_out_of_range_is_a_404_in_the_layout(client, directory, number):
    directory(3)
    response = client.get(LIST_URL, {"page": number})
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, "Skip to main content", status_code=404)


def test_twenty_enterprises_a_page(client, directory):
    directory(25)
    first = client.get(LIST_URL)
    assert len(first.context["object_list"]) == 20
    assertContains(first, "25 enterprises")
    assertContains(first, 'rel="next" href="?page=2"')
    assert len(client.get(LIST_URL, {"page": 2}).context["object_list"]) == 5


def test_the_overview_draws_bars_and_a_table_of_numbers(client, directory):
    towns, categories, _ = directory(6)
    response = client.get(reverse("enterprises:enterprise_overview"))
    assertContains(response, "Enterprises by town")
    assertContains(
        response,
        f'<th scope="row"><a rel="nofollow" href="/enterprises/?town={towns[0].slug}">'
        f"{towns[0].name}</a></th>",
        html=True,
    )
    assertContains(
        response, '<rect x="0" y="0" width="100" height="10"></rect>', html=True
    )
    assertContains(response, "Germany")
    assertNotContains(response, "style=")


def test_home_shows_directory_figures_and_featured_enterprises(client, directory):
    towns, categories, _marks = directory(8)
    response = client.get("/")
    assertContains(response, "The enterprise directory")
    assertContains(
        response,
        '<div class="key-figure"><dt>enterprises listed</dt><dd>8</dd></div>',
        html=True,
    )
    assertContains(
        response, "<dt>members of the demonstration area</dt><dd>2</dd>", html=True
    )
    assertContains(response, "Featured enterprises")
    assert len(response.context["featured"]) == 2
    # The second featured firm: its town, then its two categories.
    second = response.context["featured"][1]
    names = sorted(category.display_name for category in categories[:2])
    assertContains(
        response,
        f'<p class="small mb-0">{second.town} · {names[0]}, {names[1]}</p>',
        html=True,
    )
    assert second.town == towns[1].display_name


def test_main_navigation_links_to_the_directory(client):
    response = client.get(LIST_URL)
    assertContains(
        response,
        '<a href="/enterprises/" aria-current="page">Enterprises</a>',
        html=True,
    )


@pytest.mark.parametrize(
    ("url", "params", "queries"),
    [
        # The page's rows; their towns, categories and certificates, the count,
        # the facets and the choices' check come from the directory's index.
        (LIST_URL, {}, 1),
        (LIST_URL, {"sort": "newest", "page": "1", "member": "no"}, 1),
        (LIST_URL, {"town": "T", "category": "C", "certification": "M"}, 1),
        # A search matches its words in the index too.
        (LIST_URL, {"q": "lamps", "market": "DE"}, 1),
        (reverse("enterprises:enterprise_overview"), {}, 0),
        # The featured enterprises (their towns and categories: the index; the
        # releases are read by key, and this directory has none to read).
        ("/", {}, 1),
    ],
)
def test_directory_pages_run_the_same_queries_at_two_sizes(
    client, directory, django_assert_num_queries, url, params, queries
):
    for size in (3, 45):
        towns, categories, marks = directory(size)
        real = dict(params)
        real.update(
            {
                key: value
                for key, value in {
                    "town": towns[0].slug,
                    "category": categories[0].slug,
                    "certification": marks[0].slug,
                }.items()
                if key in params
            }
        )
        with django_assert_num_queries(queries + VERSION_QUERIES):
            response = client.get(url, real)
        assert response.status_code == 200


def test_detail_runs_the_same_queries_at_two_sizes(
    client,
    enterprise_factory,
    release_factory,
    product_category_factory,
    certification_factory,
    image_file,
    django_assert_num_queries,
):
    for size in (1, 12):
        enterprise = enterprise_factory(
            categories=[product_category_factory() for _ in range(size)],
            certifications=[certification_factory() for _ in range(size)],
            markets=["DE", "FR", "US", "GB", "JP"][: 1 + size % 5],
        )
        enterprise.releases.add(*[release_factory() for _ in range(size)])
        for position in range(size % 7):
            enterprise.photos.create(
                image=image_file(), image_alt=f"Lamp {position}", position=position
            )
        end_the_editors_request()
        # The enterprise, its certificates, its photos, the releases that mention
        # it; its categories and markets come from the directory's index.
        with django_assert_num_queries(4 + VERSION_QUERIES):
            response = client.get(enterprise.get_absolute_url())
        assert len(response.context["categories"]) == size
        assert len(response.context["markets"]) == 1 + size % 5


def test_reading_the_directory_writes_nothing(client, directory, enterprise_factory):
    directory(4)
    enterprise = enterprise_factory()
    urls = [
        LIST_URL,
        f"{LIST_URL}?q=lamp&member=yes",
        enterprise.get_absolute_url(),
        reverse("enterprises:enterprise_overview"),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries)
        assert "sessionid" not in response.cookies


def test_an_edit_shows_in_the_counts_at_once(
    client, directory, enterprise_factory, django_assert_num_queries
):
    towns, _, _ = directory(4)
    first = client.get(LIST_URL, {"page": 1})
    enterprise_factory(town=towns[0], is_member=True)
    after = client.get(LIST_URL)
    guzhen = towns[0].slug
    before_count = {o.value: o.count for o in first.context["facets"]["town"]}
    after_count = {o.value: o.count for o in after.context["facets"]["town"]}
    assert after_count[guzhen] == before_count[guzhen] + 1


def test_the_worker_that_served_an_edit_indexes_it_once_after_responding(
    admin_client, client, directory, enterprise_factory, django_assert_num_queries
):
    directory(3)
    drafts = [enterprise_factory(is_published=False) for _ in range(4)]
    end_the_editors_request()
    builds = []
    real_build = facet_index.build_index
    with mock.patch.object(
        facet_index, "build_index", lambda: builds.append(1) or real_build()
    ):
        admin_client.post(
            reverse("admin:enterprises_enterprise_changelist"),
            {"action": "publish", "_selected_action": [d.pk for d in drafts]},
        )
    assert len(builds) == 1
    # The next visitor finds the index ready: the page's own query only.
    with django_assert_num_queries(1 + VERSION_QUERIES):
        assertContains(client.get(LIST_URL), "7 enterprises")


@pytest.mark.parametrize("size", [3, 45])
def test_a_lost_index_is_rebuilt_by_the_next_view_in_constant_queries(
    client, directory, django_assert_num_queries, size
):
    directory(size)
    caches["pages"].delete(facet_index.held_index.key(site_version.current_version()))
    facet_index.held_index.forget()
    # The seven reads of the index, then the page's own.
    with django_assert_num_queries(8 + VERSION_QUERIES):
        response = client.get(LIST_URL)
    assertContains(response, f"{size} enterprises")


def test_unpublishing_in_the_admin_updates_the_counts_at_once(
    admin_client, client, enterprise_factory
):
    enterprise = enterprise_factory(is_member=True)
    assertContains(client.get("/"), "<dt>enterprises listed</dt><dd>1</dd>", html=True)
    admin_client.post(
        reverse("admin:enterprises_enterprise_changelist"),
        {"action": "unpublish", "_selected_action": [enterprise.pk]},
    )
    # Nothing left to count: the figure is left out rather than shown as 0.
    assertNotContains(client.get("/"), "<dt>enterprises listed</dt>", html=True)


def test_the_directory_speaks_chinese_under_zh_hans(
    client, enterprise_factory, town_factory
):
    town = town_factory(name="Guzhen town", name_zh="古镇")
    enterprise = enterprise_factory(name="Jade Lighting", town=town)
    listing = client.get("/zh-hans/enterprises/")
    assertContains(listing, "<h1>灯饰企业</h1>", html=True)
    assertContains(listing, "古镇")
    assertContains(listing, f'href="/zh-hans/enterprises/{enterprise.slug}/"')
    page = client.get(f"/zh-hans/enterprises/{enterprise.slug}/")
    assertContains(page, "基本信息")
    overview = client.get("/zh-hans/enterprises/overview/")
    assertContains(overview, "各镇区企业数")


def test_a_new_product_category_link_shows_in_the_cached_counts_at_once(
    client, enterprise_factory, product_category_factory
):
    category = product_category_factory(name="Floodlights test")
    enterprise = enterprise_factory()

    def count() -> int:
        facets = client.get(LIST_URL).context["facets"]["category"]
        return {option.value: option.count for option in facets}.get(category.slug, 0)

    assert count() == 0
    enterprise.categories.add(category)
    assert count() == 1
