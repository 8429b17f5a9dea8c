"""What editors type is shown as text on every card and select, never as markup.

Names, descriptions, towns and categories come from editors and from imported
spreadsheets: markup, quotes and entities in them must reach the visitor as the
characters typed, in both languages.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

# Markup, both quotes, and an entity that must stay the five characters typed.
HOSTILE = "<script>alert(1)</script> \"Lit\" 'Co' &lt;b&gt;"
SHOWN = (
    "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Lit&quot; &#x27;Co&#x27; "
    "&amp;lt;b&amp;gt;"
)
LANGUAGES = ["", "/zh-hans"]


def hostile(label: str) -> str:
    return f"{label} {HOSTILE}"


def shown(label: str) -> str:
    return f"{label} {SHOWN}"


def assert_only_as_text(response, *labels: str) -> None:
    assertNotContains(response, "<script>")
    assertNotContains(response, '"Lit"')
    for label in labels:
        assertContains(response, shown(label))


@pytest.fixture
def hostile_directory(
    enterprise_factory, town_factory, product_category_factory, certification_factory
):
    town = town_factory(name=hostile("Town"), name_zh=hostile("镇"))
    category = product_category_factory(
        name=hostile("Category"), name_zh=hostile("类别")
    )
    certification = certification_factory(name=hostile("Mark"), name_zh=hostile("认证"))
    return enterprise_factory(
        name=hostile("Firm"),
        name_zh=hostile("企业"),
        main_products=hostile("Products"),
        description=hostile("Description"),
        town=town,
        categories=[category],
        certifications=[certification],
        is_featured=True,
    )


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_directory_cards_and_facet_selects_show_hostile_names_as_text(
    client, hostile_directory, prefix
):
    response = client.get(f"{prefix}/enterprises/")

    if prefix:
        assert_only_as_text(response, "企业", "镇", "类别", "认证", "Firm")
    else:
        assert_only_as_text(response, "Firm", "Town", "Category", "Mark", "Products")
    # The facet selects offer the same names as options.
    town_label = "镇" if prefix else "Town"
    option = f"{shown(town_label)}（1）" if prefix else f"{shown(town_label)} (1)"
    assertContains(
        response, f'<option value="{hostile_directory.town.slug}">{option}</option>'
    )


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_home_pages_featured_firms_and_releases_show_hostile_text_as_text(
    client, hostile_directory, release_factory, category_factory, prefix
):
    category = category_factory(name=hostile("Topic"))
    release_factory(
        title=hostile("Title"),
        title_zh_hans=hostile("标题"),
        summary=hostile("Summary"),
        summary_zh_hans=hostile("摘要"),
        category=category,
    )

    response = client.get(f"{prefix}/")

    if prefix:
        assert_only_as_text(response, "企业", "标题", "摘要")
    else:
        assert_only_as_text(response, "Firm", "Title", "Summary", "Topic")


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_release_cards_show_hostile_text_as_text(
    client, release_factory, category_factory, prefix
):
    category = category_factory(name=hostile("Topic"))
    release = release_factory(title=hostile("Title"), category=category)
    release_factory(
        title=hostile("Related"), summary=hostile("Summary"), category=category
    )

    listing = client.get(f"{prefix}/news/")
    detail = client.get(f"{prefix}{release.get_absolute_url()}")

    assert_only_as_text(listing, "Title", "Related", "Summary", "Topic")
    assert_only_as_text(detail, "Related", "Summary")


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_search_results_show_hostile_names_as_text(
    client, hostile_directory, release_factory, prefix
):
    release_factory(title=hostile("Lamp fair"), summary=hostile("Summary"))

    response = client.get(f"{prefix}/search/", {"q": "Lamp"})

    assertNotContains(response, "<script>")
    assertNotContains(response, '"Lit"')
    assertContains(response, shown("Lamp fair"))
