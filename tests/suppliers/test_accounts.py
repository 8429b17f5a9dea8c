"""Representatives' accounts: django-allauth by email, apart from staff."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


def link_in(mail) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", mail.body).group(1)


@pytest.mark.parametrize("prefix", ["", "/zh-hans"])
def test_sign_up_verify_and_arrive_in_the_supplier_area(client, mailoutbox, prefix):
    response = client.post(
        f"{prefix}/supplier/account/signup/",
        {
            "email": "anna@bright.example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assertRedirects(response, f"{prefix}/supplier/account/confirm-email/")
    user = get_user_model().objects.get(email="anna@bright.example.com")
    assert not user.is_staff
    [mail] = mailoutbox
    assert mail.to == ["anna@bright.example.com"]

    confirm = link_in(mail)
    assert confirm.startswith(f"{prefix}/supplier/account/confirm-email/")
    response = client.post(confirm)
    assertRedirects(response, f"{prefix}/supplier/", fetch_redirect_response=False)
    response = client.get(f"{prefix}/supplier/")
    assertContains(response, "anna@bright.example.com")


def test_an_unverified_account_cannot_sign_in(client, mailoutbox):
    get_user_model().objects.create_user(
        username="x", email="new@firm.example.com", password=PASSWORD
    )
    response = client.post(
        "/supplier/account/login/",
        {"login": "new@firm.example.com", "password": PASSWORD},
    )
    assertRedirects(response, "/supplier/account/confirm-email/")
    assert client.get("/supplier/").status_code == 302


def test_a_representative_never_reaches_the_admin(client, account_factory):
    account_factory("rep@firm.example.com")
    response = client.post(
        "/supplier/account/login/",
        {"login": "rep@firm.example.com", "password": PASSWORD},
    )
    assertRedirects(response, "/supplier/")

    assertRedirects(
        client.get("/admin/"), "/admin/login/?next=/admin/", target_status_code=200
    )
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "rep@firm.example.com", "password": PASSWORD},
    )
    assert response.status_code == 200  # the form again, with its error
    assert client.get("/admin/").status_code == 302


def test_staff_cannot_sign_in_to_the_supplier_area(client, account_factory):
    account_factory("editor@cluster.example.com", is_staff=True)
    response = client.post(
        "/supplier/account/login/",
        {"login": "editor@cluster.example.com", "password": PASSWORD},
    )
    assertRedirects(response, "/admin/login/", fetch_redirect_response=False)
    assert "_auth_user_id" not in client.session


def test_staff_signed_in_at_the_admin_get_404_in_the_area(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/supplier/").status_code == 404


def test_failed_logins_are_throttled_per_account(client, account_factory):
    account_factory("rep@firm.example.com")
    for _ in range(5):
        client.post(
            "/supplier/account/login/",
            {"login": "rep@firm.example.com", "password": "wrong"},
        )
    response = client.post(
        "/supplier/account/login/",
        {"login": "rep@firm.example.com", "password": PASSWORD},
    )
    assertContains(response, "Too many failed login attempts")
    assert "_auth_user_id" not in client.session


def test_failed_logins_are_throttled_per_firm_across_its_accounts_and_clients(
    client, representative_factory, firm
):
    accounts = [f"rep{number}@firm.example.com" for number in range(3)]
    for email in accounts:
        representative_factory(firm, email=email)
    # Four guesses at each account, each from an address of its own: under the
    # limits per account (5) and per client (10), over the firm's (10).
    for attempt, email in enumerate(accounts * 4):
        client.post(
            "/supplier/account/login/",
            {"login": email, "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{attempt + 1}",
        )
    response = client.post(
        "/supplier/account/login/",
        {"login": accounts[0], "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assertContains(response, "Too many failed login attempts")
    assert "_auth_user_id" not in client.session


def test_another_firms_representative_still_signs_in(
    client, representative_factory, firm, enterprise_factory
):
    for attempt in range(12):
        representative_factory(firm, email=f"rep{attempt}@firm.example.com")
        client.post(
            "/supplier/account/login/",
            {"login": f"rep{attempt}@firm.example.com", "password": "wrong"},
            REMOTE_ADDR=f"203.0.113.{attempt + 1}",
        )
    other = enterprise_factory(name="Other Lamp Works", slug="other-lamp-works")
    representative_factory(other, email="rep@other.example.com")
    response = client.post(
        "/supplier/account/login/",
        {"login": "rep@other.example.com", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_failed_logins_are_throttled_per_client(client, account_factory):
    for number in range(10):
        client.post(
            "/supplier/account/login/",
            {"login": f"guess{number}@firm.example.com", "password": "wrong"},
        )
    account_factory("rep@firm.example.com")
    response = client.post(
        "/supplier/account/login/",
        {"login": "rep@firm.example.com", "password": PASSWORD},
    )
    assertContains(response, "Too many failed login attempts")
    assert "_auth_user_id" not in client.session


def test_password_reset_mails_a_link_that_sets_a_new_password(
    client, account_factory, mailoutbox
):
    account_factory("rep@firm.example.com")
    response = client.post(
        "/zh-hans/supplier/account/password/reset/",
        {"email": "rep@firm.example.com"},
    )
    assertRedirects(response, "/zh-hans/supplier/account/password/reset/done/")
    link = link_in(mailoutbox[0])
    response = client.get(link, follow=True)
    new = "another-lamp-77-Xiaolan"
    response = client.post(
        response.redirect_chain[-1][0], {"password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert client.login(email="rep@firm.example.com", password=new) or (
        get_user_model().objects.get(email="rep@firm.example.com").check_password(new)
    )


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/supplier/account/login/", "Sign in to the supplier area"),
        ("/zh-hans/supplier/account/login/", "登录供应商专区"),
        ("/supplier/account/signup/", "Sign up for the supplier area"),
        ("/zh-hans/supplier/account/signup/", "注册供应商专区账户"),
    ],
)
def test_account_pages_are_in_the_sites_layout_and_language(client, path, heading):
    response = client.get(path)
    assertContains(response, f"<h1>{heading}</h1>", html=True)
    assertContains(response, '<footer class="site-footer">', count=1)


def test_the_login_redirect_goes_to_the_area(client):
    assert reverse("account_login") == "/supplier/account/login/"
    response = client.get("/supplier/")
    assertRedirects(
        response,
        "/supplier/account/login/?next=/supplier/",
        fetch_redirect_response=False,
    )


def test_allauths_pages_say_email_the_way_the_site_does_in_chinese(client):
    response = client.get("/zh-hans/supplier/account/confirm-email/")
    assertContains(response, "<h1>验证您的电子邮箱</h1>", html=True)


def test_the_login_lockout_counts_representatives_by_email(
    client, account_factory, settings
):
    """django-axes guards every sign-in: one address's failures lock out that
    address from that client, never a colleague's behind the same office NAT."""
    settings.AXES_ENABLED = True
    settings.ACCOUNT_RATE_LIMITS = False  # axes alone here
    account_factory("rep@firm.example.com")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/supplier/account/login/",
            {"login": "intern@firm.example.com", "password": "wrong"},
        )
    response = client.post(
        "/supplier/account/login/",
        {"login": "rep@firm.example.com", "password": PASSWORD},
    )
    assertRedirects(response, "/supplier/", fetch_redirect_response=False)

    client.post("/supplier/account/logout/")
    response = client.post(
        "/supplier/account/login/",
        {"login": "intern@firm.example.com", "password": "right-or-wrong"},
    )
    assert response.status_code == 429  # the intern's address is locked out
