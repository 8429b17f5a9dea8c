import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

LIST_URL = "/enterprises/"


@pytest.fixture
def cluster(
    enterprise_factory, town_factory, product_category_factory, certification_factory
):
    """Four enterprises whose facet counts differ under each filter."""
    guzhen, henglan = (
        town_factory(name="Guzhen test"),
        town_factory(name="Henglan test"),
    )
    led, outdoor = (
        product_category_factory(name="LED test"),
        product_category_factory(name="Outdoor test"),
    )
    mark = certification_factory(name="Mark test")
    expired = timezone.localdate() - datetime.timedelta(days=1)
    data = {
        "guzhen": guzhen,
        "henglan": henglan,
        "led": led,
        "outdoor": outdoor,
        "mark": mark,
        "alpha": enterprise_factory(
            name="Alpha Lighting",
            town=guzhen,
            categories=[led],
            certifications=[mark],
            markets=["DE"],
            is_member=True,
        ),
        "beta": enterprise_factory(
            name="Beta Lamps", town=guzhen, categories=[outdoor], markets=["DE", "US"]
        ),
        "gamma": enterprise_factory(
            name="Gamma Light",
            name_zh="伽马照明",
            description="Crystal chandeliers for hotels.",
            town=henglan,
            categories=[led, outdoor],
            certifications=[(mark, expired)],
            markets=["US"],
        ),
        "hidden": enterprise_factory(
            name="Hidden Lights",
            town=guzhen,
            categories=[led],
            certifications=[mark],
            markets=["DE"],
            is_published=False,
        ),
    }
    return data


def names(response):
    return [card.enterprise.name for card in response.context["object_list"]]


def counts(response, facet):
    return {option.value: option.count for option in response.context["facets"][facet]}


def test_facet_counts_follow_the_other_filters(client, cluster):
    response = client.get(
        LIST_URL, {"town": cluster["guzhen"].slug, "category": cluster["led"].slug}
    )
    assert names(response) == ["Alpha Lighting"]
    # Towns are counted within LED; categories within Guzhen; the rest within both.
    assert counts(response, "town")[cluster["guzhen"].slug] == 1
    assert counts(response, "town")[cluster["henglan"].slug] == 1
    assert counts(response, "category")[cluster["led"].slug] == 1
    assert counts(response, "category")[cluster["outdoor"].slug] == 1
    assert counts(response, "certification")[cluster["mark"].slug] == 1
    assert counts(response, "market") == {"DE": 1}
    assert counts(response, "member") == {"yes": 1, "no": 0}
    assertContains(
        response,
        f'<option value="{cluster["guzhen"].slug}" selected>Guzhen test (1)</option>',
        html=True,
    )


def test_facet_counts_without_filters_cover_the_published_directory(client, cluster):
    response = client.get(LIST_URL)
    assert names(response) == ["Alpha Lighting", "Beta Lamps", "Gamma Light"]
    assert counts(response, "town")[cluster["guzhen"].slug] == 2
    assert counts(response, "category")[cluster["led"].slug] == 2
    assert counts(response, "market") == {"DE": 2, "US": 2}
    assert counts(response, "member") == {"yes": 1, "no": 2}
    # Gamma's certificate has expired: it is not counted, and not matched.
    assert counts(response, "certification")[cluster["mark"].slug] == 1


def test_three_filters_combine(client, cluster):
    response = client.get(
        LIST_URL,
        {
            "town": cluster["guzhen"].slug,
            "market": "DE",
            "member": "no",
        },
    )
    assert names(response) == ["Beta Lamps"]
    assert counts(response, "member") == {"yes": 1, "no": 1}
    assert counts(response, "market") == {"DE": 1, "US": 1}


def test_an_expired_certificate_does_not_match_the_certification_filter(
    client, cluster
):
    response = client.get(LIST_URL, {"certification": cluster["mark"].slug})
    assert names(response) == ["Alpha Lighting"]


def test_search_looks_in_names_chinese_names_and_descriptions(client, cluster):
    assert names(client.get(LIST_URL, {"q": "伽马"})) == ["Gamma Light"]
    assert names(client.get(LIST_URL, {"q": "crystal HOTELS"})) == ["Gamma Light"]
    assert names(client.get(LIST_URL, {"q": "beta"})) == ["Beta Lamps"]
    assert names(client.get(LIST_URL, {"q": "hidden"})) == []


def test_search_uses_only_the_first_eight_words(client, cluster):
    words = "gamma crystal hotels gamma crystal hotels gamma crystal"

    # The ninth word is in no enterprise: it is left out rather than searched.
    assert names(client.get(LIST_URL, {"q": f"{words} unheard"})) == ["Gamma Light"]
    assert names(client.get(LIST_URL, {"q": f"unheard {words}"})) == []


def test_sort_newest_first(client, cluster):
    response = client.get(LIST_URL, {"sort": "newest"})
    assert names(response) == ["Gamma Light", "Beta Lamps", "Alpha Lighting"]


def test_the_url_carries_the_state_into_the_pager(client, cluster, enterprise_factory):
    for _ in range(20):
        enterprise_factory(town=cluster["guzhen"])
    response = client.get(LIST_URL, {"town": cluster["guzhen"].slug, "sort": "name"})
    assertContains(response, f"?town={cluster['guzhen'].slug}&amp;sort=name&amp;page=2")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"town": "atlantis"}, "Select a valid choice"),
        ({"market": "ZZ"}, "Select a valid choice"),
        ({"member": "maybe"}, "Select a valid choice"),
        ({"sort": "price"}, "Select a valid choice"),
        ({"q": "x" * 10_000}, "Ensure this value has at most 100 characters"),
    ],
)
def test_a_bad_filter_value_gives_a_clear_message_and_no_results(
    client, cluster, params, message
):
    response = client.get(LIST_URL, params)
    assertContains(response, message)
    assertContains(response, "Some filters could not be used")
    assert names(response) == []


def test_a_bad_value_leaves_the_other_facets_counted(client, cluster):
    response = client.get(
        LIST_URL, {"town": "atlantis", "category": cluster["led"].slug}
    )
    assert counts(response, "town")[cluster["guzhen"].slug] == 1


def test_a_repeated_parameter_uses_its_last_value(client, cluster):
    url = f"{LIST_URL}?town={cluster['henglan'].slug}&town={cluster['guzhen'].slug}"
    response = client.get(url)
    assert names(response) == ["Alpha Lighting", "Beta Lamps"]


def test_the_filter_form_works_without_javascript(client, cluster):
    response = client.get(LIST_URL)
    assertContains(response, '<form class="directory-filters" method="get"')
    assertContains(response, '<button class="btn btn-primary" type="submit">')
    assertContains(
        response, '<label class="form-label" for="id_town">Town</label>', html=True
    )
    assertNotContains(response, "style=")


def test_each_filter_in_use_can_be_removed_in_one_click(client, cluster):
    guzhen = cluster["guzhen"].slug
    response = client.get(
        LIST_URL, {"town": guzhen, "market": "DE", "q": "alpha", "page": "1"}
    )
    assertContains(
        response,
        '<a class="btn btn-sm btn-outline-secondary" rel="nofollow" '
        f'href="?town={guzhen}&amp;q=alpha">'
        'Export market: Germany <span aria-hidden="true">×</span>'
        '<span class="visually-hidden">(remove this filter)</span></a>',
        html=True,
    )
    assertContains(response, f'href="?town={guzhen}&amp;market=DE"')


def test_a_bad_value_is_marked_on_its_own_select_for_screen_readers(client, cluster):
    response = client.get(LIST_URL, {"town": "atlantis"})

    assertContains(
        response,
        '<select class="form-select is-invalid" name="town" id="id_town"'
        ' aria-describedby="id_town_error">',
    )
    assertContains(
        response,
        '<div class="invalid-feedback" id="id_town_error">Select a valid choice.'
        " atlantis is not one of the available choices.</div>",
        html=True,
    )
    assertContains(response, '<select class="form-select" name="category"')


def test_an_option_matching_nothing_is_offered_but_disabled(client, cluster):
    response = client.get(LIST_URL, {"certification": cluster["mark"].slug})

    # Henglan's firm holds the mark no longer.
    assertContains(
        response,
        f'<option value="{cluster["henglan"].slug}" disabled>Henglan test (0)</option>',
        html=True,
    )
    assertContains(
        response,
        f'<option value="{cluster["guzhen"].slug}">Guzhen test (1)</option>',
        html=True,
    )


def test_chinese_selects_say_all_and_name_the_options_in_chinese(
    client, cluster, town_factory
):
    town_factory(name="Xiaolan test", name_zh="小榄测试")

    response = client.get("/zh-hans" + LIST_URL)

    assertContains(
        response, '<label class="form-label" for="id_town">镇区</label>', html=True
    )
    assertContains(response, '<option value="">全部镇区</option>', html=True)
    assertContains(response, ">小榄测试（0）</option>")
