"""What a buyer looks for on an enterprise's page: logo or placeholder, product
photos, main products and the contact details the firm agreed to publish."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from enterprises.models import MAX_PHOTOS, Enterprise, EnterprisePhoto
from tests.enterprises.test_import import CSV, EXPORT_URL, _all_fields, csv_bytes
from tests.test_security import photo_with_metadata

pytestmark = pytest.mark.django_db


def change_form_data(enterprise, **overrides):
    """The enterprise's change form as the admin would post it back, unchanged."""
    data = {
        "name": enterprise.name,
        "slug": enterprise.slug,
        "town": enterprise.town_id,
        "is_published": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
        "photos-MAX_NUM_FORMS": str(MAX_PHOTOS),
        "held_certificates-TOTAL_FORMS": "0",
        "held_certificates-INITIAL_FORMS": "0",
        "export_markets-TOTAL_FORMS": "0",
        "export_markets-INITIAL_FORMS": "0",
    }
    return data | overrides


def change_url(enterprise):
    return reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])


def with_photo(data, index, image, alt, position=0):
    data = dict(data)
    data["photos-TOTAL_FORMS"] = str(index + 1)
    data |= {
        f"photos-{index}-image": image,
        f"photos-{index}-image_alt": alt,
        f"photos-{index}-position": str(position),
    }
    return data


# Logo, or the placeholder: never an empty box


def test_an_enterprise_without_a_logo_shows_its_initials_in_brand_colours(
    client, enterprise_factory
):
    enterprise = enterprise_factory(name="[Synthetic] Radiant Lamps Co.", logo="")

    page = client.get(enterprise.get_absolute_url())
    listing = client.get(reverse("enterprises:enterprise_list"))

    tone = enterprise.monogram_tone
    assertContains(
        page,
        f'<span class="enterprise-monogram enterprise-logo-large monogram-tone-{tone}"'
        ' role="img" aria-label="Initials of [Synthetic] Radiant Lamps Co. '
        '(no logo yet)">RL</span>',
        html=True,
    )
    assertContains(
        listing,
        f'<span class="enterprise-monogram enterprise-logo-small monogram-tone-{tone}"'
        ' aria-hidden="true">RL</span>',
        html=True,
    )
    assertNotContains(page, 'enterprise-logo-large" src')


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Guzhen lighting", "GL"), ("Opple", "O"), ("古镇灯饰", "古"), ("!!!", "?")],
)
def test_the_placeholder_initials_come_from_the_first_two_words(name, initials):
    assert Enterprise(name=name, slug="x").monogram == initials


def test_the_placeholder_tone_stays_the_same_for_a_firm_and_varies_between_firms():
    tones = {Enterprise(name="A", slug=f"firm-{n}").monogram_tone for n in range(40)}

    assert (
        Enterprise(slug="firm-1").monogram_tone
        == Enterprise(slug="firm-1").monogram_tone
    )
    assert tones == {0, 1, 2, 3}


def test_a_logo_is_shown_on_the_page_and_beside_the_name_on_cards(
    client, enterprise_factory, image_file
):
    enterprise = enterprise_factory(
        name="Nova Lighting", logo=image_file("logo.png", "PNG", (400, 300))
    )

    page = client.get(enterprise.get_absolute_url())
    listing = client.get(reverse("enterprises:enterprise_list"))

    logo_url = enterprise.logo_small.url
    assertContains(
        page,
        f'<img class="enterprise-logo enterprise-logo-large" src="{logo_url}"'
        ' alt="Logo of Nova Lighting" width="160" height="160">',
        html=True,
    )
    # On a card the name is the heading beside it: the logo adds nothing to read.
    assertContains(
        listing,
        f'<img class="enterprise-logo enterprise-logo-small" src="{logo_url}"'
        ' alt="" width="160" height="160">',
        html=True,
    )
    assertNotContains(page, "enterprise-monogram")


# Product photos


def test_an_editor_adds_product_photos_stored_without_metadata_and_shown_resized(
    admin_client, client, enterprise_factory, image_file
):
    enterprise = enterprise_factory(name="Nova Lighting")
    data = with_photo(
        change_form_data(enterprise),
        0,
        photo_with_metadata(),
        "A 100 W IP65 floodlight",
        position=2,
    )
    data = with_photo(data, 1, image_file("first.png", "PNG"), "A street light", 1)

    response = admin_client.post(change_url(enterprise), data)

    assert response.status_code == 302
    photos = list(enterprise.photos.all())
    assert [photo.image_alt for photo in photos] == [
        "A street light",
        "A 100 W IP65 floodlight",
    ]
    floodlight = photos[1]
    assert floodlight.image.name.startswith("enterprise-photos/")
    assert "IMG_0001" not in floodlight.image.name
    with Image.open(floodlight.image.path) as stored:
        assert dict(stored.getexif()) == {}
        assert stored.size == (20, 40)  # turned upright
    page = client.get(enterprise.get_absolute_url())
    assertContains(
        page,
        f'<a href="{floodlight.image_large.url}"><img src="'
        f'{floodlight.image_thumbnail.url}" alt="A 100 W IP65 floodlight" '
        'width="480" height="360" loading="lazy"></a>',
        html=True,
    )
    with Image.open(photos[0].image_thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 360)
    change = admin_client.get(change_url(enterprise))
    assertContains(change, 'alt="A street light"')


def test_a_product_photo_without_a_description_comes_back_with_a_message(
    admin_client, enterprise_factory, image_file
):
    enterprise = enterprise_factory()
    data = with_photo(change_form_data(enterprise), 0, image_file(), "")

    response = admin_client.post(change_url(enterprise), data)

    assert response.status_code == 200
    assertContains(response, "This field is required.")
    assert not EnterprisePhoto.objects.exists()


def test_the_database_refuses_a_product_photo_without_a_description(
    enterprise_factory, image_file
):
    photo = EnterprisePhoto(
        enterprise=enterprise_factory(), image=image_file(), image_alt=""
    )

    with pytest.raises(ValidationError):
        photo.full_clean()


def test_a_product_photo_that_is_not_an_image_is_refused(
    admin_client, enterprise_factory
):
    enterprise = enterprise_factory()
    svg = SimpleUploadedFile("lamp.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    data = with_photo(change_form_data(enterprise), 0, svg, "A lamp")

    response = admin_client.post(change_url(enterprise), data)

    assert response.status_code == 200
    assert not EnterprisePhoto.objects.exists()


def test_an_editor_can_add_a_few_photos_not_a_catalogue(
    admin_client, enterprise_factory, image_file
):
    enterprise = enterprise_factory()
    data = change_form_data(enterprise)
    for index in range(MAX_PHOTOS + 1):
        data = with_photo(data, index, image_file(), f"Lamp {index}", index)

    response = admin_client.post(change_url(enterprise), data)

    assert response.status_code == 200
    assertContains(response, f"A page shows at most {MAX_PHOTOS} product photos.")
    assert not EnterprisePhoto.objects.exists()


def test_a_page_without_photos_shows_no_empty_gallery(client, enterprise_factory):
    enterprise = enterprise_factory()

    response = client.get(enterprise.get_absolute_url())

    assertNotContains(response, "enterprise-photos")


def test_a_directory_editor_may_keep_product_photos():
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="directory editor")
    assert {
        permission.codename
        for permission in group.permissions.filter(codename__endswith="photo")
    } == {
        "add_enterprisephoto",
        "change_enterprisephoto",
        "delete_enterprisephoto",
        "view_enterprisephoto",
    }


# Main products, in words and in the page's language


def test_main_products_are_shown_in_the_pages_language(client, enterprise_factory):
    enterprise = enterprise_factory(
        main_products="100 W IP65 LED floodlights",
        main_products_zh_hans="100瓦IP65 LED投光灯",
    )

    english = client.get(enterprise.get_absolute_url())
    chinese = client.get(f"/zh-hans{enterprise.get_absolute_url()}")

    assertContains(
        english,
        '<p class="enterprise-main-products">100 W IP65 LED floodlights</p>',
        html=True,
    )
    assertContains(
        chinese,
        '<p class="enterprise-main-products">100瓦IP65 LED投光灯</p>',
        html=True,
    )
    assertContains(
        client.get(reverse("enterprises:enterprise_list")),
        "100 W IP65 LED floodlights",
    )


def test_main_products_without_chinese_show_the_english_marked_as_such(
    client, enterprise_factory
):
    enterprise = enterprise_factory(main_products="Crystal chandeliers")

    chinese = client.get(f"/zh-hans{enterprise.get_absolute_url()}")

    assertContains(
        chinese,
        '<p class="enterprise-main-products" lang="en">Crystal chandeliers</p>',
        html=True,
    )


# Published contact details


def test_published_contact_details_are_links_and_absent_ones_are_left_out(
    client, enterprise_factory
):
    full = enterprise_factory(
        website="https://nova.example.com",
        email="sales@nova.example.com",
        phone="+86 760 2222 3333",
    )
    bare = enterprise_factory()

    page = client.get(full.get_absolute_url())

    assertContains(
        page, '<a href="tel:+8676022223333">+86 760 2222 3333</a>', html=True
    )
    assertContains(
        page,
        '<a href="mailto:sales@nova.example.com">sales@nova.example.com</a>',
        html=True,
    )
    assertContains(
        page,
        '<a href="https://nova.example.com" rel="nofollow noopener">'
        "https://nova.example.com</a>",
        html=True,
    )
    assertNotContains(client.get(bare.get_absolute_url()), "tel:")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "12345", "Enter a phone number with its country code"),
        ("email", "sales@", "Enter a valid email address."),
        ("website", "not a site", "Enter a valid URL."),
    ],
)
def test_the_admin_refuses_contact_details_that_cannot_work(
    admin_client, enterprise_factory, field, value, message
):
    enterprise = enterprise_factory()

    response = admin_client.post(
        change_url(enterprise), change_form_data(enterprise, **{field: value})
    )

    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, f'value="{value}"')  # what the editor typed is kept
    enterprise.refresh_from_db()
    assert getattr(enterprise, field) == ""


@pytest.mark.parametrize(
    "phone", ["+86 760 2222 3333", "0760-2222 3333", "+49 30 1234567"]
)
def test_a_real_phone_number_is_kept_as_typed(enterprise_factory, phone):
    enterprise = enterprise_factory(phone=phone)

    enterprise.full_clean()

    assert Enterprise.objects.get(pk=enterprise.pk).phone == phone


def test_imports_read_contact_details_and_main_products_in_both_languages(
    admin_client,
    import_file,  # noqa: F811
):
    header = "name,town,website,email,phone,main_products,main_products_zh_hans"
    rows = [
        "Radiant Lamps,古镇,www.radiant.example.com,sales@radiant.example.com,"
        "+86 760 2222 3333,Crystal chandeliers,水晶吊灯"
    ]

    import_file(csv_bytes(rows, header))

    radiant = Enterprise.objects.get(slug="radiant-lamps")
    assert radiant.website == "https://www.radiant.example.com"
    assert radiant.email == "sales@radiant.example.com"
    assert radiant.phone == "+86 760 2222 3333"
    assert radiant.main_products_en == "Crystal chandeliers"
    assert radiant.main_products_zh_hans == "水晶吊灯"
    exported = admin_client.post(
        EXPORT_URL, {"format": CSV, "resource": "0", **_all_fields()}
    ).content.decode("utf-8-sig")
    header_cells = exported.splitlines()[0].split(",")
    for column in header.split(",")[2:]:
        assert column in header_cells
    row = dict(zip(header_cells, exported.splitlines()[1].split(","), strict=True))
    assert row["main_products_zh_hans"] == "水晶吊灯"
    # A cell starting with "+" is marked as text for Excel; the import unmarks it.
    assert row["phone"] == "'+86 760 2222 3333"


@pytest.mark.parametrize(
    ("column", "value"),
    [("phone", "12345"), ("email", "sales@"), ("website", "http://")],
)
def test_an_import_row_with_a_contact_detail_that_cannot_work_imports_nothing(
    check,  # noqa: F811
    column,
    value,
):
    header = f"name,town,{column}"
    rows = ["Good Lamps,古镇,", f"Radiant Lamps,古镇,{value}"]

    preview = check(csv_bytes(rows, header))

    job = preview.context["job"]
    assert job.status == "refused"
    assert job.report["error_rows"] == [3]  # Excel's row: the header is row 1
    assert column in " ".join(job.report["rows"][1]["errors"])
    assertNotContains(preview, "Confirm import")
    assert not Enterprise.objects.exists()
