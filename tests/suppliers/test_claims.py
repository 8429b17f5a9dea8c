"""A firm's representative claims its listing: by a mailed link or a review."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from suppliers.models import Claim, Representative

pytestmark = pytest.mark.django_db

# A valid Unified Social Credit Code (GB 32100-2015 check character).
CODE = "91442000MA4UHXYX0N"


def claim_link(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S*claim-link/\S+)", mail.body).group(1)


@pytest.fixture
def claimant(client, account_factory):
    user = account_factory("anna@bright.example.com")
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    "prefix, question",
    [("", "Is this your company?"), ("/zh-hans", "这是您的企业吗？")],
)
def test_the_enterprise_page_asks_whether_it_is_yours(client, firm, prefix, question):
    response = client.get(f"{prefix}{firm.get_absolute_url()}")
    assertContains(response, question)
    assertContains(response, f'href="{prefix}/supplier/claim/{firm.slug}/"')


def test_claiming_asks_an_anonymous_visitor_to_sign_in(client, firm):
    response = client.get(f"/supplier/claim/{firm.slug}/")
    assertRedirects(
        response,
        f"/supplier/account/login/?next=/supplier/claim/{firm.slug}/",
        fetch_redirect_response=False,
    )


def test_a_claim_by_mailed_link_makes_a_representative_and_tells_everyone(
    client,
    claimant,
    firm,
    representative_factory,
    directory_staff,
    mailoutbox,
    run_tasks,
):
    representative_factory(firm, "boss@bright.example.com")
    response = client.post(
        f"/supplier/claim/{firm.slug}/", {"applicant_name": "Anna Wong"}
    )
    assertRedirects(response, "/supplier/")
    run_tasks()
    [link_mail] = mailoutbox
    assert link_mail.to == ["sales@bright.example.com"]
    assert "anna@bright.example.com" in link_mail.body
    assert not Representative.objects.filter(user=claimant).exists()

    link = claim_link(link_mail)
    assertContains(client.get(link), "Confirm that you represent")
    assert not Representative.objects.filter(user=claimant).exists()  # GET: nothing
    response = client.post(link)
    assertRedirects(response, f"/supplier/firm/{firm.pk}/")
    assert Representative.objects.filter(user=claimant, enterprise=firm).exists()

    run_tasks()
    told = sorted(address for mail in mailoutbox[1:] for address in mail.to)
    assert told == ["boss@bright.example.com", "directory@cluster.example.com"]
    assert all("anna@bright.example.com" in mail.body for mail in mailoutbox[1:])
    run_tasks()
    assert len(mailoutbox) == 3  # each told once


def test_a_claims_link_works_only_for_the_account_that_claimed(
    client, claimant, account_factory, firm, mailoutbox, run_tasks
):
    client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "Anna Wong"})
    run_tasks()
    link = claim_link(mailoutbox[0])
    client.force_login(account_factory("mallory@example.com"))
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404
    assert not Representative.objects.exists()


def test_a_claims_link_expires(client, claimant, firm, mailoutbox, run_tasks, settings):
    client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "Anna Wong"})
    run_tasks()
    link = claim_link(mailoutbox[0])
    later = timezone.now() + datetime.timedelta(
        days=settings.CLUSTER_CLAIM_LINK_DAYS, hours=1
    )
    with time_machine.travel(later):
        assert client.post(link).status_code == 404
    assert not Representative.objects.exists()


def test_a_forged_link_is_a_404(client, claimant):
    assert client.get("/supplier/claim-link/1:forged/").status_code == 404


def test_without_a_published_email_the_editors_review_the_claim(
    client,
    claimant,
    enterprise_factory,
    directory_staff,
    mailoutbox,
    run_tasks,
    admin_client,
):
    firm = enterprise_factory(slug="quiet-lamps", email="", credit_code=CODE)
    response = client.post(
        f"/supplier/claim/{firm.slug}/",
        {"applicant_name": "Anna Wong", "credit_code": "91442000MA4UHXYX1R"},
    )
    assert response.status_code == 200
    assertContains(response, "not the code the directory holds")

    response = client.post(
        f"/zh-hans/supplier/claim/{firm.slug}/",
        {"applicant_name": "Anna Wong", "credit_code": CODE.lower()},
    )
    assertRedirects(response, "/zh-hans/supplier/")
    claim = Claim.objects.get()
    assert claim.method == Claim.Method.REVIEW and claim.credit_code == CODE
    run_tasks()
    [review_mail] = mailoutbox
    assert review_mail.to == directory_staff
    assert f"/admin/suppliers/claim/{claim.pk}/change/" in review_mail.body

    response = admin_client.post(
        reverse("admin:suppliers_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )
    assert response.status_code == 302
    assert Representative.objects.filter(user=claimant, enterprise=firm).exists()


def test_a_claim_without_email_needs_the_credit_code(
    client, claimant, enterprise_factory
):
    firm = enterprise_factory(slug="quiet-lamps", email="")
    response = client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"]
    assert not Claim.objects.exists()


def test_editors_refuse_a_claim_and_the_claimant_is_told(
    client, claimant, enterprise_factory, mailoutbox, run_tasks, admin_client
):
    firm = enterprise_factory(slug="quiet-lamps", email="")
    client.post(
        f"/supplier/claim/{firm.slug}/",
        {"applicant_name": "Anna Wong", "credit_code": CODE},
    )
    claim = Claim.objects.get()
    admin_client.post(
        reverse("admin:suppliers_claim_changelist"),
        {"action": "refuse", "_selected_action": [claim.pk]},
    )
    run_tasks()
    assert [mail.to for mail in mailoutbox] == [["anna@bright.example.com"]]
    assert not Representative.objects.exists()


def test_claims_are_limited_per_firm(client, account_factory, firm):
    for number in range(3):
        client.force_login(account_factory(f"person{number}@example.com"))
        response = client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
        assert response.status_code == 302
    client.force_login(account_factory("person9@example.com"))
    response = client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
    assert response.status_code == 429
    assertContains(response, "Too many claims", status_code=429)
    assert Claim.objects.count() == 3


def test_claims_are_limited_per_client(client, claimant, enterprise_factory):
    for number in range(5):
        firm = enterprise_factory(email=f"firm{number}@example.com")
        response = client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
        assert response.status_code == 302
    firm = enterprise_factory(email="last@example.com")
    response = client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
    assert response.status_code == 429


def test_an_unpublished_firm_cannot_be_claimed(client, claimant, enterprise_factory):
    firm = enterprise_factory(is_published=False)
    assert client.get(f"/supplier/claim/{firm.slug}/").status_code == 404


def test_claiming_twice_is_refused_with_a_message(client, claimant, firm):
    client.post(f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"})
    response = client.post(
        f"/supplier/claim/{firm.slug}/", {"applicant_name": "A"}, follow=True
    )
    assertContains(response, "You already claimed this firm.")
    assert Claim.objects.count() == 1
