import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from news.models import Release
from tests.support.clock import scheduled_time_comes
from tests.support.layout import LAYOUT_QUERIES, VERSION_QUERIES
from tests.support.sitemap import sitemap_locations

pytestmark = pytest.mark.django_db

LIST_URL = reverse("news:release_list")
FEED_URL = reverse("news:release_feed")


def hidden_releases(release_factory):
    return [
        release_factory(title="A draft release", status=Release.Status.DRAFT),
        release_factory(
            title="A scheduled release",
            release_time=timezone.now() + datetime.timedelta(hours=3),
        ),
    ]


def test_list_shows_published_releases_newest_first(client, release_factory):
    older = release_factory(
        title="Older", release_time=timezone.now() - datetime.timedelta(days=5)
    )
    newer = release_factory(title="Newer")

    response = client.get(LIST_URL)

    assert list(response.context["object_list"]) == [newer, older]
    assertContains(response, "Release Time")


def test_draft_and_scheduled_releases_are_hidden_from_the_list(client, release_factory):
    release_factory(title="A public release")
    hidden_releases(release_factory)

    response = client.get(LIST_URL)

    assertContains(response, "A public release")
    assertNotContains(response, "A draft release")
    assertNotContains(response, "A scheduled release")


def test_draft_and_scheduled_releases_are_404_at_their_address(client, release_factory):
    for release in hidden_releases(release_factory):
        response = client.get(release.get_absolute_url())
        assert response.status_code == 404
        assertContains(response, "Page not found", status_code=404)


def test_published_release_is_shown_at_its_address(client, release_factory):
    release = release_factory(
        title="Lighting fair opens",
        release_time=timezone.make_aware(datetime.datetime(2017, 12, 21, 9)),
        body="<p>The fair opens in Guzhen.</p>",
    )

    response = client.get(release.get_absolute_url())

    assertContains(response, "<h1>Lighting fair opens</h1>", html=True)
    assertContains(response, "2017-12-21</time>")
    assertContains(response, "<p>The fair opens in Guzhen.</p>", html=True)


def test_scheduled_release_appears_once_its_time_passes(client, release_factory):
    release = release_factory(
        title="Tomorrow's news",
        release_time=timezone.now() + datetime.timedelta(days=1),
    )
    assert client.get(release.get_absolute_url()).status_code == 404

    Release.objects.filter(pk=release.pk).update(
        release_time=timezone.now() - datetime.timedelta(minutes=1)
    )

    assertContains(client.get(release.get_absolute_url()), "Tomorrow&#x27;s news")
    assertContains(client.get(LIST_URL), "Tomorrow&#x27;s news")


def test_list_shows_ten_releases_a_page(client, release_factory):
    for _ in range(12):
        release_factory()

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(first.context["object_list"]) == 10
    assert len(second.context["object_list"]) == 2
    assertContains(first, 'rel="next" href="?page=2"')


def test_search_finds_words_in_title_summary_and_body(client, release_factory):
    release_factory(title="Chandelier exports grow")
    release_factory(summary="A new testing platform for chandelier makers.")
    release_factory(body="<p>Buyers asked about chandelier safety.</p>")
    release_factory(title="Unrelated")

    response = client.get(LIST_URL, {"q": "chandelier"})

    assert response.context["paginator"].count == 3
    assertNotContains(response, "Unrelated")


def test_category_filter_keeps_only_that_category(
    client, release_factory, category_factory
):
    policy = category_factory(name="Policy", slug="policy")
    release_factory(title="Subsidy rules", category=policy)
    release_factory(title="Trade fair")

    response = client.get(LIST_URL, {"category": "policy"})

    assertContains(response, "Subsidy rules")
    assertNotContains(response, "Trade fair")


def test_unknown_category_gives_a_clear_empty_result(client, release_factory):
    release_factory(title="Trade fair")

    response = client.get(LIST_URL, {"category": "no-such-thing"})

    assert response.status_code == 200
    assertContains(response, "Select a valid choice")
    assertNotContains(response, "Trade fair")


def test_an_overlong_search_is_refused_with_a_message(client, release_factory):
    release_factory(title="Trade fair")

    response = client.get(LIST_URL, {"q": "x" * 5000})

    assert response.status_code == 200
    assertContains(response, "at most 200 characters")
    assertNotContains(response, "Trade fair")


@pytest.mark.parametrize("page", ["abc", "99999", "0", "-1"])
def test_a_page_that_does_not_exist_is_a_404_in_the_site_layout(
    client, release_factory, page
):
    release_factory()

    response = client.get(LIST_URL, {"page": page})

    assertContains(response, "Page not found", status_code=404)
    assertContains(response, 'id="main"', status_code=404)


def test_unknown_slug_is_a_404(client):
    response = client.get(reverse("news:release_detail", args=["no-such-release"]))

    assertContains(response, "Page not found", status_code=404)


def test_release_page_links_previous_next_and_related(
    client, release_factory, category_factory
):
    fairs = category_factory()
    now = timezone.now()
    first = release_factory(release_time=now - datetime.timedelta(days=3))
    middle = release_factory(
        release_time=now - datetime.timedelta(days=2), category=fairs
    )
    last = release_factory(release_time=now - datetime.timedelta(days=1))
    related = [release_factory(category=fairs) for _ in range(4)]

    response = client.get(middle.get_absolute_url())

    assert response.context["previous_release"] == first
    assert response.context["next_release"] == last
    assert len(response.context["related_releases"]) == 3
    assert set(response.context["related_releases"]) <= set(related)
    assertContains(response, f'rel="prev" href="{first.get_absolute_url()}"')
    assertContains(response, f'rel="next" href="{last.get_absolute_url()}"')


def test_an_older_neighbour_of_the_same_category_is_not_among_the_related(
    client, release_factory, category_factory
):
    fairs = category_factory()
    now = timezone.now()
    older = release_factory(
        release_time=now - datetime.timedelta(days=3), category=fairs
    )
    middle = release_factory(
        release_time=now - datetime.timedelta(days=2), category=fairs
    )
    newest = [
        release_factory(release_time=now - datetime.timedelta(hours=n), category=fairs)
        for n in range(1, 5)
    ]

    response = client.get(middle.get_absolute_url())

    assert response.context["previous_release"] == older
    assert response.context["next_release"] == newest[-1]
    assert response.context["related_releases"] == newest[:3]


def test_release_page_has_canonical_url_and_opengraph_tags(client, release_factory):
    release = release_factory(title="Quality award", summary="Awarded in 2017.")

    response = client.get(release.get_absolute_url())

    url = f"http://testserver{release.get_absolute_url()}"
    assertContains(response, f'<link rel="canonical" href="{url}">', html=True)
    assertContains(
        response, '<meta property="og:title" content="Quality award">', html=True
    )
    assertContains(
        response,
        '<meta property="og:description" content="Awarded in 2017.">',
        html=True,
    )
    assertContains(response, f'<meta property="og:url" content="{url}">', html=True)


def test_release_page_shows_its_cover_as_a_rendition_with_alt_text(
    client, release_factory, image_file
):
    release = release_factory(cover_image=image_file(), cover_alt="LED street lamps")

    response = client.get(release.get_absolute_url())

    assertContains(response, 'alt="LED street lamps"')
    assertContains(response, release.cover_large.url)
    assertNotContains(response, f'src="{release.cover_image.url}"')


def test_feed_is_rss_2_with_only_public_releases(client, release_factory):
    release_factory(title="Public news")
    hidden_releases(release_factory)

    response = client.get(FEED_URL)

    # An XML type a browser shows through the feed's stylesheet.
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Public news"]
    assert root.find("channel/item/pubDate") is not None


def test_sitemap_lists_public_releases_only(client, release_factory):
    public = release_factory()
    hidden = hidden_releases(release_factory)

    addresses = sitemap_locations(client)

    assert f"http://testserver{public.get_absolute_url()}" in addresses
    for release in hidden:
        assert f"http://testserver{release.get_absolute_url()}" not in addresses


@pytest.mark.parametrize("count", [3, 60])
def test_list_runs_a_constant_number_of_queries(
    client, release_factory, category_factory, django_assert_num_queries, count
):
    categories = [category_factory() for _ in range(3)]
    for number in range(count):
        release_factory(category=categories[number % 3])

    client.get(LIST_URL)  # the first view after an edit reads the layout and order
    # The page's releases with their categories, by key from the release order
    # (news.order); the category choices of the filter.
    with django_assert_num_queries(2 + VERSION_QUERIES):
        response = client.get(LIST_URL, {"page": 2 if count > 10 else 1})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == min(count, 10)
    # A category: the category itself, the count and the page of its releases,
    # and the choices.
    with django_assert_num_queries(4 + VERSION_QUERIES):
        response = client.get(LIST_URL, {"category": categories[0].slug})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 60])
def test_release_page_runs_a_constant_number_of_queries(
    client, release_factory, category_factory, django_assert_num_queries, count
):
    category = category_factory()
    releases = [release_factory(category=category) for _ in range(count)]

    url = releases[count // 2].get_absolute_url()
    # The release; its previous, next and related releases by key; the
    # directory's enterprises that the release mentions. The first view after
    # an edit also reads the layout and the order of the releases (news.order).
    with django_assert_num_queries(3 + LAYOUT_QUERIES + 1 + VERSION_QUERIES):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(3 + VERSION_QUERIES):
        assert client.get(url).status_code == 200


def test_staff_preview_a_draft_at_its_real_address_uncached(
    client, release_factory, django_user_model
):
    draft = release_factory(title="Draft news", status=Release.Status.DRAFT)
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="view_release"))
    client.force_login(editor)

    response = client.get(draft.get_absolute_url())

    assertContains(response, "<h1>Draft news</h1>", html=True)
    assertContains(response, "Preview: this release is a draft")
    assert "no-store" in response["Cache-Control"]


def test_a_user_without_news_permissions_cannot_preview(
    client, release_factory, django_user_model
):
    draft = release_factory(status=Release.Status.DRAFT)
    client.force_login(django_user_model.objects.create_user("visitor"))

    assert client.get(draft.get_absolute_url()).status_code == 404


# Committed: the schedule is read when the editor's save commits.
@pytest.mark.django_db(transaction=True)
def test_a_scheduled_release_becomes_the_next_one_when_its_time_comes(
    client, release_factory
):
    earlier = release_factory(title="Spring fair")
    assert client.get(earlier.get_absolute_url()).context["next_release"] is None
    later = release_factory(
        title="Autumn fair",
        release_time=timezone.now() + datetime.timedelta(seconds=1),
    )
    assert client.get(earlier.get_absolute_url()).context["next_release"] is None

    with scheduled_time_comes(Release.objects.filter(pk=later.pk)):
        response = client.get(earlier.get_absolute_url())
    assert response.context["next_release"] == later
    assertContains(response, f'rel="next" href="{later.get_absolute_url()}"')
