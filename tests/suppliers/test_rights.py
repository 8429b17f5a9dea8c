"""A representative reaches only their own firm: another firm's ids are a 404."""

import pytest
from pytest_django.asserts import assertRedirects

from contact.models import Message
from suppliers import services
from suppliers.models import Claim, Inquiry, ListingChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client, firm, other_firm, representative_factory, message_factory):
    """Two firms, each with a representative, an inquiry and a waiting change;
    the client is signed in as the first firm's representative."""
    mine = representative_factory(firm)
    theirs = representative_factory(other_firm)
    inquiries = {}
    for enterprise in (firm, other_firm):
        message = message_factory(name=f"Buyer of {enterprise.slug}")
        inquiries[enterprise] = Inquiry.objects.create(
            message=message, enterprise=enterprise
        )
        ListingChange.objects.create(
            enterprise=enterprise, **services.live_values(enterprise)
        )
    client.force_login(mine)
    return {"mine": mine, "theirs": theirs, "inquiries": inquiries}


def firm_urls(firm, inquiry) -> list[str]:
    base = f"/supplier/firm/{firm.pk}/"
    return [
        base,
        f"{base}edit/",
        f"{base}inbox/",
        f"{base}inbox/{inquiry.pk}/",
        f"{base}inbox/{inquiry.pk}/status/",
    ]


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_every_url_and_action_of_another_firm_is_a_404(
    client, setting, firm, other_firm, prefix
):
    theirs = setting["inquiries"][other_firm]
    mine = setting["inquiries"][firm]
    forged = [
        # Their firm with their inquiry, and their firm with my inquiry...
        *firm_urls(other_firm, theirs),
        *firm_urls(other_firm, mine)[3:],
        # ...and my firm with their inquiry.
        *firm_urls(firm, theirs)[3:],
    ]
    for url in forged:
        url = prefix + url
        if url.endswith("/status/"):  # an action: POST only
            assert client.post(url, {"status": "archived"}).status_code == 404, url
        else:
            assert client.get(url).status_code == 404, url
    for url in (f"/supplier/firm/{other_firm.pk}/edit/", "/supplier/claim-link/x/"):
        assert (
            client.post(prefix + url, {"description_en": "Hijacked"}).status_code == 404
        )
    # Nothing of theirs changed.
    theirs.refresh_from_db()
    assert theirs.status == Inquiry.Status.NEW
    assert ListingChange.objects.get(enterprise=other_firm).submitted_by is None


def test_my_own_firm_answers(client, setting, firm):
    for url in firm_urls(firm, setting["inquiries"][firm])[:-1]:
        assert client.get(url).status_code == 200, url


def test_a_claim_link_for_another_account_is_a_404(
    client, setting, other_firm, account_factory
):
    someone = account_factory("someone@example.com")
    claim = Claim.objects.create(
        user=someone,
        enterprise=other_firm,
        method=Claim.Method.EMAIL,
        applicant_name="Someone",
    )
    token = services.claim_token(claim)
    assert client.get(f"/supplier/claim-link/{token}/").status_code == 404
    assert client.post(f"/supplier/claim-link/{token}/").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/supplier/", "/supplier/firm/1/", "/supplier/firm/1/edit/"],
)
def test_the_area_asks_anonymous_visitors_to_sign_in(client, path):
    assertRedirects(
        client.get(path),
        f"/supplier/account/login/?next={path}",
        fetch_redirect_response=False,
    )


def test_staff_get_404_even_when_also_listed_as_representative(
    client, firm, representative_factory
):
    user = representative_factory(firm)
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(f"/supplier/firm/{firm.pk}/").status_code == 404
    assert client.get("/supplier/").status_code == 404


def test_a_deactivated_representative_is_signed_out_of_the_area(
    client, firm, representative_factory
):
    user = representative_factory(firm)
    client.force_login(user)
    user.is_active = False
    user.save()
    assert client.get(f"/supplier/firm/{firm.pk}/").status_code in (302, 404)


def test_rights_are_one_query_away_from_the_firm(setting, firm, other_firm):
    from suppliers.rights import firms_of

    assert list(firms_of(setting["mine"])) == [firm]
    assert list(firms_of(setting["theirs"])) == [other_firm]
    assert Message.objects.count() == 2


def test_crawlers_are_kept_out_of_the_area(client):
    lines = client.get("/robots.txt").content.decode().splitlines()
    assert "Disallow: /supplier/" in lines
    assert "Disallow: /zh-hans/supplier/" in lines
