import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertNotContains
from reversion.models import Version

from pages.models import SiteSettings
from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


def save_settings(**fields) -> SiteSettings:
    site_settings = SiteSettings.saved_or_default()
    with translation.override("en"):
        for name, value in fields.items():
            setattr(site_settings, name, value)
        site_settings.save()
    return site_settings


def test_the_footer_shows_the_editors_contacts_on_every_page(
    client, release_factory, page_factory, image_file
):
    release = release_factory()
    page = page_factory()
    save_settings(
        address="1 Lighting Avenue, Guzhen",
        phone="+86 760 1234 5678",
        email="info@example.cn",
        wechat_qr=image_file("qr.png", "PNG", size=(300, 300)),
        weibo_url="https://weibo.com/example",
        icp_number="粤ICP备00000000号",
    )

    for url in ["/", "/news/", release.get_absolute_url(), page.get_absolute_url()]:
        response = client.get(url)
        assertContains(response, "1 Lighting Avenue, Guzhen")
        assertContains(
            response,
            '<a href="mailto:info@example.cn">info@example.cn</a>',
            html=True,
        )
        assertContains(response, 'href="tel:+8676012345678"')
        assertContains(response, 'alt="QR code of our WeChat official account"')
        assertContains(
            response,
            '<a href="https://weibo.com/example" rel="noopener">Weibo</a>',
            html=True,
        )
        assertContains(response, "粤ICP备00000000号")


def test_the_icp_number_from_the_environment_overrides_the_editors(client, settings):
    save_settings(icp_number="粤ICP备11111111号")
    settings.CLUSTER_ICP_NUMBER = "粤ICP备22222222号"

    response = client.get("/")

    assertContains(response, "粤ICP备22222222号")
    assertNotContains(response, "粤ICP备11111111号")


def test_the_footer_links_to_the_pages_editors_put_there(client, page_factory):
    page_factory(title="About the cluster", slug="about", in_footer_menu=True)
    page_factory(title="Privacy notice", slug="privacy", in_footer_menu=True)

    response = client.get(reverse("news:release_list"))

    assertContains(response, '<a href="/about/">About the cluster</a>', html=True)
    assertContains(response, '<a href="/privacy/">Privacy notice</a>', html=True)


def test_the_home_page_shows_the_editors_name_and_hero_in_each_language(client):
    save_settings(
        site_name="Zhongshan Lighting",
        site_name_zh_hans="中山灯饰",
        hero_title="Light for the world",
        hero_title_zh_hans="照亮世界",
        hero_text="From Guzhen to 130 countries.",
        hero_text_zh_hans="从古镇走向130个国家。",
    )

    english = client.get("/")
    chinese = client.get("/zh-hans/")

    assertContains(english, '<h1 id="hero-heading">Light for the world</h1>', html=True)
    assertContains(english, "From Guzhen to 130 countries.")
    assertContains(
        english,
        "<title>China&#x27;s largest lighting production base · "
        "Zhongshan Lighting</title>",
        html=True,
    )
    assertContains(chinese, '<h1 id="hero-heading">照亮世界</h1>', html=True)
    assertContains(chinese, "从古镇走向130个国家。")
    assertContains(chinese, "中山灯饰")


def test_without_settings_the_site_keeps_its_installed_name_and_text(client):
    response = client.get("/")

    assertContains(
        response,
        '<h1 id="hero-heading">Zhongshan Lighting Cluster</h1>',
        html=True,
    )
    assertContains(response, "largest lighting production base")


def test_featured_releases_show_on_the_home_page_only_once_public(
    client, release_factory
):
    public = release_factory(title="Guzhen fair opens")
    draft = release_factory(title="Secret plan", status="draft")
    site_settings = save_settings()
    site_settings.featured_releases.set([public, draft])

    response = client.get("/")

    assertContains(
        response, '<h2 id="featured-heading" class="h4">Featured</h2>', html=True
    )
    assertContains(response, "Guzhen fair opens")
    assertNotContains(response, "Secret plan")


def test_reading_pages_never_creates_the_settings_row(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
        client.get("/news/")

    assert not SiteSettings.objects.exists()
    statements = {q["sql"].split(None, 1)[0].upper() for q in queries}
    # PostgreSQL reads a choice list through a cursor: DECLARE ... FOR SELECT.
    assert statements <= {"SELECT", "DECLARE"}


def test_an_editor_changes_the_settings_in_the_admin(admin_client, image_file):
    url = reverse("admin:pages_sitesettings_change")
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value and not isinstance(value, list)
    } | {
        "site_name_en": "Zhongshan Lighting",
        "hero_title_en": "Light for the world",
        "hero_image": image_file(),
        "hero_image_alt": "",
        "email": "info@example.cn",
    }

    refused = admin_client.post(url, data)

    assertContains(refused, "Describe the home page image for readers.")
    # What the editor typed comes back.
    assertContains(refused, 'value="Light for the world"')

    data["hero_image"] = image_file()
    data["hero_image_alt"] = "The Guzhen lighting fair"
    response = admin_client.post(url, data)

    assert response.status_code == 302
    saved = SiteSettings.objects.get()
    assert saved.hero_title_en == "Light for the world"
    assert saved.hero_image_alt == "The Guzhen lighting fair"


@pytest.mark.django_db(transaction=True)
def test_a_settings_change_shows_on_every_cached_page_at_once(
    client, page_cache_on, release_factory
):
    release = release_factory()
    urls = ["/", "/news/", release.get_absolute_url(), "/zh-hans/news/"]
    save_settings(phone="0760-1111")
    for url in urls:
        assertContains(client.get(url), "0760-1111")

    save_settings(phone="0760-2222")

    for url in urls:
        response = client.get(url)
        assertContains(response, "0760-2222")
        assertNotContains(response, "0760-1111")


@pytest.mark.django_db(transaction=True)
def test_choosing_featured_releases_shows_on_the_cached_home_page_at_once(
    client, page_cache_on, release_factory
):
    release = release_factory(title="Guzhen fair opens")
    site_settings = save_settings()
    assertNotContains(client.get("/"), "Featured</h2>")

    site_settings.featured_releases.add(release)

    assertContains(
        client.get("/"), '<h2 id="featured-heading" class="h4">Featured</h2>', html=True
    )


def test_the_settings_history_compares_two_versions(admin_client):
    url = reverse("admin:pages_sitesettings_change")
    for phone in ["0760-1111", "0760-2222"]:
        fields = submitted_fields(admin_client.get(url), "sitesettings_form")
        assert admin_client.post(url, fields | {"phone": phone}).status_code == 302
    compare_url = reverse("admin:pages_sitesettings_compare", args=["1"])

    history = admin_client.get(reverse("admin:pages_sitesettings_history"))
    *_, older, newer = Version.objects.get_for_model(SiteSettings).order_by("pk")
    compare = admin_client.get(
        compare_url, {"version_id1": older.pk, "version_id2": newer.pk}
    )

    assertContains(history, f'action="{compare_url}"')
    assertContains(compare, '<td class="version-text">0760-1111</td>', html=True)
    assertContains(compare, '<td class="version-text">0760-2222</td>', html=True)
