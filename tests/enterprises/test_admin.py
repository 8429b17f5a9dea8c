import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pytest_django.asserts import assertContains, assertFormError, assertNotContains

from enterprises.models import Enterprise
from tests.support.sitemap import sitemap_lastmods

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:enterprises_enterprise_changelist")
ADD = reverse("admin:enterprises_enterprise_add")


def form_data(town, **overrides):
    data = {
        "name": "Nova Lighting",
        "slug": "nova-lighting",
        "town": town.pk,
        "is_published": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "held_certificates-TOTAL_FORMS": "0",
        "held_certificates-INITIAL_FORMS": "0",
        "export_markets-TOTAL_FORMS": "1",
        "export_markets-INITIAL_FORMS": "0",
        "export_markets-0-country": "DE",
    }
    return data | overrides


def test_changelist_shows_town_categories_and_flags(
    admin_client, enterprise_factory, product_category_factory
):
    enterprise_factory(
        name="Aurora Lamps",
        categories=[product_category_factory(name="Pendant lamps")],
        is_member=True,
    )
    response = admin_client.get(CHANGELIST)
    assertContains(response, "Aurora Lamps")
    assertContains(response, "Pendant lamps")
    assertContains(response, "Import")
    assertContains(response, "Export")


def test_changelist_search_finds_the_chinese_name_and_credit_code(
    admin_client, enterprise_factory
):
    enterprise_factory(name="Aurora Lamps", name_zh="极光灯饰")
    enterprise_factory(name="Other", credit_code="91350100M000100Y43")
    assertContains(admin_client.get(CHANGELIST, {"q": "极光"}), "Aurora Lamps")
    assertContains(admin_client.get(CHANGELIST, {"q": "91350100M000100Y43"}), "Other")


def test_changelist_runs_the_same_queries_at_two_sizes(
    admin_client,
    enterprise_factory,
    product_category_factory,
    django_assert_max_num_queries,
):
    categories = [product_category_factory() for _ in range(3)]
    for size in (2, 30):
        for _ in range(size):
            enterprise_factory(categories=categories)
        with django_assert_max_num_queries(20):
            admin_client.get(CHANGELIST)


def test_town_autocomplete_answers(admin_client, town_factory):
    town_factory(name="Guzhen autocomplete")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "enterprises",
            "model_name": "enterprise",
            "field_name": "town",
            "term": "autocomplete",
        },
    )
    assert [r["text"] for r in response.json()["results"]] == ["Guzhen autocomplete"]


@pytest.mark.parametrize(
    ("field_name", "factory"),
    [
        ("town", "town_factory"),
        ("categories", "product_category_factory"),
        ("releases", "release_factory"),
    ],
)
def test_autocomplete_ignores_a_nul_character_in_the_typed_term(
    admin_client, request, field_name, factory
):
    # PostgreSQL refuses NUL in a query; the term is searched without it.
    entry = request.getfixturevalue(factory)()
    label = str(entry)
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "enterprises",
            "model_name": "enterprise",
            "field_name": field_name,
            "term": label[:3] + "\x00" + label[3:],
        },
    )
    assert [r["text"] for r in response.json()["results"]] == [label]


def test_editor_adds_an_enterprise_with_a_logo_and_sees_its_preview(
    admin_client, town_factory, image_file
):
    town = town_factory()
    data = form_data(town, logo=image_file("logo.png", "PNG", (400, 300)))
    response = admin_client.post(ADD, data)
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(slug="nova-lighting")
    assert enterprise.logo.name.startswith("logos/")
    assert [m.country.code for m in enterprise.export_markets.all()] == ["DE"]
    change = admin_client.get(
        reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    )
    assertContains(change, 'alt="Logo of Nova Lighting"')


def test_a_logo_that_is_not_an_image_comes_back_with_a_message(
    admin_client, town_factory
):
    fake = SimpleUploadedFile("logo.png", b"GIF89a not really an image")
    response = admin_client.post(ADD, form_data(town_factory(), logo=fake))
    assertContains(response, "Upload a valid image.")
    assertContains(response, 'value="Nova Lighting"')
    assertNotContains(response, "logo__kept")
    assert not Enterprise.objects.exists()


def test_a_chosen_logo_survives_a_mistake_elsewhere_in_the_form(
    admin_client, town_factory, image_file
):
    town = town_factory()
    logo = image_file("logo.png", "PNG", (400, 300))
    failed = admin_client.post(ADD, form_data(town, logo=logo, credit_code="bad"))
    assert "credit_code" in failed.context["adminform"].form.errors
    assertContains(failed, "Your chosen file “logo.png” is kept")
    token = re.search(r'name="logo__kept" value="([^"]+)"', failed.text).group(1)

    saved = admin_client.post(ADD, form_data(town, logo__kept=token))

    assert saved.status_code == 302
    assert Enterprise.objects.get().logo.name.startswith("logos/")


def test_an_svg_logo_is_refused(admin_client, town_factory):
    svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    response = admin_client.post(ADD, form_data(town_factory(), logo=svg))
    assert "logo" in response.context["adminform"].form.errors
    assert not Enterprise.objects.exists()


def test_a_decompression_bomb_logo_is_refused(admin_client, town_factory, settings):
    settings.CLUSTER_IMAGE_MAX_PIXELS = 10_000
    buffer = io.BytesIO()
    Image.new("1", (2000, 2000)).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("logo.png", buffer.getvalue())
    response = admin_client.post(ADD, form_data(town_factory(), logo=bomb))
    assertFormError(
        response.context["adminform"].form, "logo", "This image has too many pixels."
    )


def test_a_mistyped_credit_code_comes_back_with_everything_typed(
    admin_client, town_factory
):
    data = form_data(town_factory(), credit_code="91350100M000100Y44")
    response = admin_client.post(ADD, data)
    form = response.context["adminform"].form
    assert "credit_code" in form.errors
    assertContains(response, 'value="Nova Lighting"')


def test_publish_action_dates_the_sitemap_entry(
    admin_client, enterprise_factory, client
):
    draft = enterprise_factory(is_published=False)
    week_ago = timezone.now() - datetime.timedelta(days=7)
    Enterprise.objects.filter(pk=draft.pk).update(updated_at=week_ago)

    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})

    draft.refresh_from_db()
    assert draft.updated_at > week_ago
    dates = sitemap_lastmods(client)
    assert timezone.localdate().isoformat() in dates
    assert timezone.localdate(week_ago).isoformat() not in dates


def test_publish_action_publishes_the_selected(admin_client, enterprise_factory):
    draft = enterprise_factory(is_published=False)
    admin_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_published


@pytest.mark.parametrize("key", ["abc", "99999999999999999999999"])
@pytest.mark.parametrize(
    "overrides",
    [
        {"town": "{key}"},
        {"categories": "{key}"},
        {"releases": "{key}"},
        {
            "held_certificates-TOTAL_FORMS": "1",
            "held_certificates-0-certification": "{key}",
            "held_certificates-0-number": "CCC-1",
        },
    ],
    ids=["town", "categories", "releases", "certificate"],
)
def test_a_forged_related_key_comes_back_as_a_form_error(
    admin_client, town_factory, overrides, key
):
    # The autocomplete boxes post keys; a forged one is a typing error, not a 500.
    data = form_data(town_factory())
    data |= {name: value.format(key=key) for name, value in overrides.items()}

    response = admin_client.post(ADD, data)

    assertContains(response, "Please correct the error")
    assertContains(response, 'value="Nova Lighting"')
    assert not Enterprise.objects.exists()
