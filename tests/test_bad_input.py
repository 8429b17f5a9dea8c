"""Malformed requests get the site's 400 page, never a server error."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

pytestmark = pytest.mark.django_db

# Django refuses a urlencoded form in any charset but UTF-8 (BadRequest).
NOT_UTF8_FORM = "application/x-www-form-urlencoded; charset=utf-16"


def post_not_utf8(path, *, cookie_from):
    """Post as a browser holding the CSRF cookie, so the token check reads the body."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(cookie_from)
    return client.post(
        path,
        data="name=Li",
        content_type=NOT_UTF8_FORM,
        headers={"x-csrftoken": client.cookies["csrftoken"].value},
    )


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/contact/", "Bad request"), ("/zh-hans/contact/", "请求有误")],
)
def test_a_form_posted_in_another_charset_to_the_contact_page_is_a_400(path, heading):
    response = post_not_utf8(path, cookie_from=path)

    assertContains(response, f"<h1>{heading}</h1>", status_code=400)


def test_a_form_posted_in_another_charset_to_the_admin_login_is_a_400(settings):
    login = f"/{settings.CLUSTER_ADMIN_PATH}login/"

    response = post_not_utf8(login, cookie_from=login)

    assertContains(response, "<h1>Bad request</h1>", status_code=400)


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/no/such/page/", "Page not found"), ("/zh-hans/no/such/page/", "页面不存在")],
)
def test_a_form_posted_in_another_charset_to_no_page_is_a_404(path, heading):
    response = post_not_utf8(path, cookie_from="/contact/")

    assertContains(response, f"<h1>{heading}</h1>", status_code=404)


@pytest.mark.parametrize(
    "model",
    [
        "news_release",
        "news_category",
        "contact_message",
        "enterprises_enterprise",
        "enterprises_town",
        "enterprises_certification",
    ],
)
@pytest.mark.parametrize("key", ["abc", "99999999999999999999999"])
def test_an_admin_action_on_a_forged_row_key_is_a_400(admin_client, model, key):
    response = admin_client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": "delete_selected", "index": "0", "_selected_action": ["1", key]},
    )

    assertContains(response, "<h1>Bad request</h1>", status_code=400)


@pytest.mark.parametrize("query", ["!", "-", "+", "。", "\\", "！", "- +"])
@pytest.mark.parametrize(
    ("prefix", "nothing_found"),
    [
        ("", "No enterprise matches these filters."),
        ("/zh-hans", "没有符合这些筛选条件的企业。"),
    ],
)
def test_a_directory_search_of_punctuation_alone_lists_nothing(
    client, enterprise_factory, query, prefix, nothing_found
):
    enterprise_factory(name="Guzhen Lamps")

    response = client.get(f"{prefix}/enterprises/", {"q": query})

    assertContains(response, nothing_found)
    assertNotContains(response, "Guzhen Lamps")


@pytest.mark.parametrize(
    "path", ["/news/", "/search/", "/zh-hans/news/", "/zh-hans/search/"]
)
@pytest.mark.parametrize("query", ["!", "。", "\\", "\x00", "-" * 300])
def test_other_searches_of_punctuation_alone_answer_a_page(client, path, query):
    response = client.get(path, {"q": query})

    assert response.status_code in (200, 400)
    assertContains(response, "<h1", status_code=response.status_code)


@pytest.mark.parametrize("page", ["0", "-1", "99999999999999999999", "x"])
@pytest.mark.parametrize("path", ["/news/", "/enterprises/", "/zh-hans/enterprises/"])
def test_a_page_number_out_of_range_is_a_404_in_the_site_layout(
    client, release_factory, enterprise_factory, path, page
):
    release_factory()
    enterprise_factory()

    response = client.get(path, {"page": page})

    assertContains(response, "<h1", status_code=404)
