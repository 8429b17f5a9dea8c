"""Directory editors decide claims and listing changes in the admin."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from suppliers import services
from suppliers.models import Claim, ListingChange, Representative
from tests.support.groups import group_as_migrated

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    editor = django_user_model.objects.create_user("keeper", is_staff=True)
    editor.groups.add(
        group_as_migrated(
            "directory editor",
            "enterprises.migrations.0004_directory_editor_group",
            "enterprises.migrations.0010_product_photos_main_products_published_contacts",
            "suppliers.migrations.0002_directory_editors_decide",
        )
    )
    client.force_login(editor)
    return client


def test_a_directory_editor_approves_a_change_with_its_diff(
    editor_client, client, firm, representative_factory
):
    user = representative_factory(firm)
    change = services.change_submit(
        change=ListingChange(
            enterprise=firm,
            **(services.live_values(firm) | {"description_en": "New words."}),
        ),
        user=user,
    )
    page = editor_client.get(
        reverse("admin:suppliers_listingchange_change", args=[change.pk])
    )
    assertContains(page, "<del>Floodlights")
    assertContains(page, "<ins>New")

    response = editor_client.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "approve", "_selected_action": [change.pk]},
        follow=True,
    )
    assertContains(response, "1 change published.")
    firm.refresh_from_db()
    assert firm.description_en == "New words."

    # Deciding twice does nothing and says why.
    response = editor_client.post(
        reverse("admin:suppliers_listingchange_changelist"),
        {"action": "refuse", "_selected_action": [change.pk]},
        follow=True,
    )
    assertContains(response, "already decided")
    change.refresh_from_db()
    assert change.status == ListingChange.Status.APPROVED


def test_a_directory_editor_confirms_a_claim_and_sees_the_code_match(
    editor_client, enterprise_factory, account_factory
):
    code = "91442000MA4UHXYX0N"
    firm = enterprise_factory(email="", credit_code=code)
    claim = Claim.objects.create(
        user=account_factory("anna@example.com"),
        enterprise=firm,
        method=Claim.Method.REVIEW,
        credit_code=code,
        applicant_name="Anna",
    )
    assertContains(
        editor_client.get(reverse("admin:suppliers_claim_changelist")), "matches"
    )
    editor_client.post(
        reverse("admin:suppliers_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )
    assert Representative.objects.filter(enterprise=firm).count() == 1


def test_a_claim_by_a_staff_account_is_never_confirmed(
    editor_client, firm, account_factory
):
    claim = Claim.objects.create(
        user=account_factory("staff@example.com", is_staff=True),
        enterprise=firm,
        method=Claim.Method.REVIEW,
        applicant_name="Staff",
    )
    response = editor_client.post(
        reverse("admin:suppliers_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
        follow=True,
    )
    assertContains(response, "Staff accounts cannot represent a firm.")
    assert not Representative.objects.exists()
