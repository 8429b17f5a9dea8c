"""A representative edits the firm's page; editors approve before it is public."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from enterprises.models import EnterprisePhoto
from suppliers.models import ListingChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def rep_client(client, firm, representative_factory):
    client.force_login(representative_factory(firm))
    return client


def listing_data(**overrides):
    data = {
        "description_en": "Floodlights and high bays since 1998.",
        "description_zh_hans": "自1998年起生产投光灯和工矿灯。",
        "main_products_en": "LED floodlights",
        "main_products_zh_hans": "LED投光灯",
        "website": "https://bright.example.com",
        "email": "sales@bright.example.com",
        "phone": "+86 760 2222 3333",
        "export_markets": ["DE", "FR"],
        "certificates-TOTAL_FORMS": "1",
        "certificates-INITIAL_FORMS": "0",
        "certificates-0-certification": "",
        "certificates-0-number": "",
        "certificates-0-valid_until": "",
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "0",
        "photos-0-image_alt": "",
        "photos-1-image_alt": "",
    }
    return data | overrides


def edit_url(firm) -> str:
    return f"/supplier/firm/{firm.pk}/edit/"


def approve(admin_client, change):
    response = admin_client.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "approve", "_selected_action": [change.pk]},
    )
    assert response.status_code == 302


def test_the_edit_form_starts_from_what_the_page_says(rep_client, firm):
    response = rep_client.get(edit_url(firm))
    assertContains(response, "Floodlights since 1998.")
    assertContains(response, "sales@bright.example.com")


def test_a_change_waits_for_approval_and_the_page_keeps_the_approved_text(
    rep_client, client, firm, admin_client, directory_staff, mailoutbox, run_tasks
):
    response = rep_client.post(edit_url(firm), listing_data())
    assertRedirects(response, f"/supplier/firm/{firm.pk}/")
    change = ListingChange.objects.get()
    assert change.status == ListingChange.Status.PENDING

    public = client.get(firm.get_absolute_url())
    assertContains(public, "Floodlights since 1998.")
    assertNotContains(public, "high bays")
    firm.refresh_from_db()
    assert firm.description_en == "Floodlights since 1998."

    run_tasks()
    [notice] = mailoutbox
    assert notice.to == directory_staff
    assert f"/admin/suppliers/listingchange/{change.pk}/change/" in notice.body

    # The editors see a diff of what changed.
    page = admin_client.get(
        reverse("admin:suppliers_listingchange_change", args=[change.pk])
    )
    assertContains(page, "Floodlights<ins> and high bays</ins> since 1998.")
    assertContains(page, "France, Germany")

    approve(admin_client, change)
    public = client.get(firm.get_absolute_url())
    assertContains(public, "Floodlights and high bays since 1998.")
    assertContains(client.get(f"/zh-hans{firm.get_absolute_url()}"), "工矿灯")
    firm.refresh_from_db()
    assert firm.phone == "+86 760 2222 3333"
    assert sorted(firm.export_markets.values_list("country", flat=True)) == [
        "DE",
        "FR",
    ]


def test_editing_again_updates_the_one_waiting_change(rep_client, firm):
    rep_client.post(edit_url(firm), listing_data())
    response = rep_client.get(edit_url(firm))
    assertContains(response, "high bays")  # the waiting text, not the page's
    rep_client.post(edit_url(firm), listing_data(main_products_en="Spotlights"))
    change = ListingChange.objects.get()
    assert change.main_products_en == "Spotlights"


def test_editors_may_refuse_a_change(rep_client, client, firm, admin_client):
    rep_client.post(edit_url(firm), listing_data())
    change = ListingChange.objects.get()
    admin_client.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "refuse", "_selected_action": [change.pk]},
    )
    assertNotContains(client.get(firm.get_absolute_url()), "high bays")
    change.refresh_from_db()
    assert change.status == ListingChange.Status.REFUSED


def test_markup_a_representative_types_never_reaches_the_page_as_markup(
    rep_client, client, firm, admin_client
):
    rep_client.post(
        edit_url(firm),
        listing_data(description_en='<script>alert(1)</script><b onclick="x">Hi</b>'),
    )
    approve(admin_client, ListingChange.objects.get())
    response = client.get(firm.get_absolute_url())
    assertContains(response, "&lt;script&gt;alert(1)&lt;/script&gt;")
    assertNotContains(response, "<script>alert(1)")


def test_certificates_and_photos_are_published_on_approval(
    rep_client, client, firm, admin_client, certification_factory, image_file
):
    ce = certification_factory()
    response = rep_client.post(
        edit_url(firm),
        listing_data(
            **{
                "certificates-0-certification": ce.pk,
                "certificates-0-number": "CE-2026-7",
                "certificates-0-valid_until": "2030-01-31",
                "photos-0-image": image_file("flood.jpg"),
                "photos-0-image_alt": "A 100 W floodlight",
            }
        ),
    )
    assert response.status_code == 302
    assertNotContains(client.get(firm.get_absolute_url()), "CE-2026-7")

    approve(admin_client, ListingChange.objects.get())
    public = client.get(firm.get_absolute_url())
    assertContains(public, "CE-2026-7")
    assertContains(public, 'alt="A 100 W floodlight"')
    assert EnterprisePhoto.objects.get(enterprise=firm).image


def test_a_photo_can_be_taken_off_the_page(
    rep_client, client, firm, admin_client, image_file
):
    photo = EnterprisePhoto.objects.create(
        enterprise=firm, image=image_file(), image_alt="Old lamp"
    )
    rep_client.post(edit_url(firm), listing_data(removed_photos=[photo.pk]))
    assert EnterprisePhoto.objects.filter(pk=photo.pk).exists()
    approve(admin_client, ListingChange.objects.get())
    assert not EnterprisePhoto.objects.filter(pk=photo.pk).exists()


def test_uploads_go_through_the_same_checks_as_staff_uploads(
    rep_client, firm, settings, image_file
):
    fake = image_file("logo.png")
    fake.name = "logo.png"
    from django.core.files.uploadedfile import SimpleUploadedFile

    svg = SimpleUploadedFile("logo.png", b"<svg onload='alert(1)'/>", "image/png")
    response = rep_client.post(
        edit_url(firm),
        listing_data(
            logo=svg,
            **{
                "photos-0-image": SimpleUploadedFile(
                    "p.jpg", b"not a picture", "image/jpeg"
                ),
                "photos-0-image_alt": "Broken",
            },
        ),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["logo"]
    assert response.context["new_photos"].forms[0].errors["image"]
    assertContains(response, "Floodlights", status_code=400)  # kept as typed
    assert not ListingChange.objects.exists()

    settings.CLUSTER_IMAGE_MAX_BYTES = 100
    response = rep_client.post(edit_url(firm), listing_data(logo=fake))
    assert response.status_code == 400
    assertContains(response, "the limit is", status_code=400)


def test_bad_input_keeps_what_was_typed(rep_client, firm):
    response = rep_client.post(
        edit_url(firm), listing_data(phone="call me", email="not-an-email")
    )
    assert response.status_code == 400
    assertContains(response, "自1998年起生产投光灯和工矿灯。", status_code=400)
    assert not ListingChange.objects.exists()


def test_the_area_pages_are_not_cached(rep_client, firm):
    response = rep_client.get(edit_url(firm))
    assert (
        "no-store" in response["Cache-Control"]
        or "private" in response["Cache-Control"]
    )


def test_approval_keeps_what_staff_changed_meanwhile(
    rep_client, client, firm, admin_client
):
    rep_client.post(
        edit_url(firm),
        listing_data(
            phone="",
            website="",
            main_products_en="",
            main_products_zh_hans="",
            description_zh_hans="",
            export_markets=[],
        ),
    )
    # Staff correct the phone number in the admin while the change waits.
    firm.phone = "+86 760 8888 9999"
    firm.save()
    change = ListingChange.objects.get()
    page = admin_client.get(
        reverse("admin:suppliers_listingchange_change", args=[change.pk])
    )
    assertNotContains(page, "+86 760 8888 9999")  # not shown as undone

    approve(admin_client, change)
    firm.refresh_from_db()
    assert firm.phone == "+86 760 8888 9999"
    assert firm.description_en == "Floodlights and high bays since 1998."


def test_the_representatives_are_told_of_the_decision_once(
    rep_client, firm, admin_client, mailoutbox, run_tasks
):
    rep_client.post(edit_url(firm), listing_data())
    change = ListingChange.objects.get()
    change.editor_note = "Please write the products in Chinese too."
    change.save()
    admin_client.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "refuse", "_selected_action": [change.pk]},
    )
    run_tasks()
    run_tasks()
    [mail] = [mail for mail in mailoutbox if "not published" in mail.subject]
    assert mail.to == [f"rep-{firm.pk}@firm.example.com"]
    assert f"/supplier/firm/{firm.pk}/" in mail.body
    response = rep_client.get(f"/supplier/firm/{firm.pk}/")
    assertContains(response, "Please write the products in Chinese too.")

    rep_client.post(edit_url(firm), listing_data())
    approve(admin_client, ListingChange.objects.get(status="pending"))
    run_tasks()
    assert [mail.subject for mail in mailoutbox if "are public" in mail.subject] == [
        "Your changes to Bright Floodlight Works are public"
    ]


def test_an_approved_change_is_a_version_in_the_enterprises_history(
    rep_client, firm, admin_client, admin_user
):
    from reversion.models import Version

    rep_client.post(edit_url(firm), listing_data())
    approve(admin_client, ListingChange.objects.get())
    [version] = Version.objects.get_for_object(firm)
    assert version.revision.user == admin_user
    assert "representative" in version.revision.comment
    assert version.field_dict["description_en"] == (
        "Floodlights and high bays since 1998."
    )
