import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from pages.models import Page
from tests.support.layout import LAYOUT_QUERIES, VERSION_QUERIES

pytestmark = pytest.mark.django_db


def test_published_page_is_shown_in_both_languages(client, page_factory):
    page = page_factory(
        title="About the cluster",
        slug="about",
        title_zh_hans="关于产业集群",
        body="<p>Guzhen makes lamps.</p>",
        body_zh_hans="<p>古镇生产灯饰。</p>",
    )

    english = client.get("/about/")
    chinese = client.get("/zh-hans/about/")

    assert page.get_absolute_url() == "/about/"
    assertContains(english, "<h1>About the cluster</h1>", html=True)
    assertContains(english, "Guzhen makes lamps.")
    assertContains(chinese, "<h1>关于产业集群</h1>", html=True)
    assertContains(chinese, "古镇生产灯饰。")


def test_draft_page_is_hidden(client, page_factory):
    page_factory(slug="draft-notice", status=Page.Status.DRAFT)

    assert client.get("/draft-notice/").status_code == 404
    assert client.get("/zh-hans/draft-notice/").status_code == 404


def test_scheduled_page_is_hidden_until_its_publish_time(client, page_factory):
    page = page_factory(
        slug="investment-guide",
        publish_time=timezone.now() + datetime.timedelta(hours=2),
    )
    assert client.get("/investment-guide/").status_code == 404

    page.publish_time = timezone.now() - datetime.timedelta(minutes=1)
    page.save()
    assert client.get("/investment-guide/").status_code == 200


def test_an_unknown_page_is_a_404_in_the_layout(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assertContains(response, "site-header", status_code=404)


def test_staff_preview_a_draft_page_uncached(client, page_factory, admin_user):
    page_factory(title="Services", slug="services", status=Page.Status.DRAFT)
    client.force_login(admin_user)

    response = client.get("/services/")

    assertContains(response, "this page is a draft")
    assert "no-store" in response["Cache-Control"]


def test_staff_preview_of_a_scheduled_page_says_when_it_becomes_public(
    client, page_factory, admin_user
):
    page_factory(
        slug="fair",
        publish_time=timezone.make_aware(datetime.datetime(2031, 3, 9, 14, 30)),
    )
    client.force_login(admin_user)

    english = client.get("/fair/")
    chinese = client.get("/zh-hans/fair/")

    assertContains(
        english,
        "Preview: this page is scheduled and becomes public at 2031-03-09 14:30.",
    )
    assertContains(chinese, "预览：此页面已定时发布，将于 2031年3月9日 14:30 公开。")


def test_pages_appear_in_both_languages_menus_in_the_editors_order(
    client, page_factory
):
    page_factory(
        title="Services",
        title_zh_hans="服务",
        slug="services",
        in_header_menu=True,
        menu_order=2,
    )
    page_factory(
        title="About the cluster",
        title_zh_hans="关于集群",
        slug="about",
        in_header_menu=True,
        menu_order=1,
    )
    page_factory(
        title="Privacy notice",
        title_zh_hans="隐私声明",
        slug="privacy",
        in_footer_menu=True,
    )
    page_factory(title="Hidden draft", in_header_menu=True, status="draft")

    english = client.get(reverse("home"))
    chinese = client.get("/zh-hans/")

    header = english.context["layout"].header_pages
    assert [page.slug for page in header] == ["about", "services"]
    assertContains(
        english, '<li><a href="/about/">About the cluster</a></li>', html=True
    )
    assertContains(
        english, '<li><a href="/privacy/">Privacy notice</a></li>', html=True
    )
    assertNotContains(english, "Hidden draft")
    assertContains(
        chinese, '<li><a href="/zh-hans/about/">关于集群</a></li>', html=True
    )
    assertContains(
        chinese, '<li><a href="/zh-hans/privacy/">隐私声明</a></li>', html=True
    )


def test_the_current_page_is_marked_in_the_header_menu(client, page_factory):
    page_factory(title="Services", slug="services", in_header_menu=True)

    response = client.get("/services/")

    assertContains(
        response,
        '<a href="/services/" aria-current="page">Services</a>',
        html=True,
    )


def test_pages_are_in_the_sitemap_with_their_chinese_twin(client, page_factory):
    page_factory(slug="about", title_zh_hans="关于我们")
    page_factory(slug="secret", status=Page.Status.DRAFT)

    response = client.get("/sitemap-editable-pages-1.xml")

    assertContains(response, "http://testserver/about/")
    assertContains(response, "http://testserver/zh-hans/about/")
    assertNotContains(response, "/secret/")


@pytest.mark.parametrize("count", [1, 20])
def test_a_page_runs_a_constant_number_of_queries(
    client, page_factory, django_assert_num_queries, count
):
    for number in range(count):
        page_factory(in_header_menu=number % 2 == 0, in_footer_menu=True)
    page = page_factory(slug="about")

    # The page itself, and the layout's settings and menus.
    with django_assert_num_queries(1 + LAYOUT_QUERIES + VERSION_QUERIES):
        response = client.get(page.get_absolute_url())
    assert response.status_code == 200


def test_existing_routes_win_over_pages(client):
    assertContains(client.get("/news/"), "<h1", count=1)
    assert client.get("/contact/").status_code == 200
    assert client.get("/enterprises/").status_code == 200
