import pytest
from django.core.management import call_command
from pytest_django.asserts import assertContains

from pages.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def test_loaddemo_starts_the_site_with_about_and_privacy_pages(client):
    call_command("loaddemo", verbosity=0)
    call_command("loaddemo", verbosity=0)

    assert sorted(Page.objects.values_list("slug", flat=True)) == ["about", "privacy"]
    assert SiteSettings.objects.get().privacy_page.slug == "privacy"
    home = client.get("/zh-hans/")
    assertContains(home, '<a href="/zh-hans/about/">关于产业集群</a>', html=True)
    assertContains(home, '<a href="/zh-hans/privacy/">隐私声明</a>', html=True)
    assertContains(client.get("/privacy/"), "Messages are deleted after 730 days.")
