"""Every versioned row keeps its state from before its first admin save, whatever
made it, and the demo loader never writes over an editor's changes."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains
from reversion.models import Version

from enterprises.models import Enterprise
from news.demo import SEED_RELEASE_SLUG
from news.models import Release
from pages.models import Page
from tests.support.commands import run
from tests.support.forms import submitted_fields

pytestmark = pytest.mark.django_db


def _save_in_admin(client, obj, **changes):
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    fields = submitted_fields(client.get(url), f"{opts.model_name}_form")
    response = client.post(url, fields | changes)
    assert response.status_code == 302, response.context["errors"]


def test_a_release_made_in_the_shell_keeps_its_first_text(
    admin_client, release_factory
):
    release = release_factory(title="Made in the shell", body="<p>Original.</p>")
    assert not Version.objects.get_for_object(release).exists()

    _save_in_admin(admin_client, release, body_en="<p>Rewritten.</p>")

    oldest, newest = Version.objects.get_for_object(release).order_by("pk")
    assert oldest.field_dict["body_en"] == "<p>Original.</p>"
    assert newest.field_dict["body_en"] == "<p>Rewritten.</p>"
    history = admin_client.get(
        reverse("admin:news_release_history", args=[release.pk]),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assertContains(history, "<td>已添加。</td>", html=True)


def test_an_imported_enterprise_keeps_its_first_state(admin_client, enterprise_factory):
    enterprise = enterprise_factory(name="Guzhen Lamps")

    _save_in_admin(admin_client, enterprise, name="Guzhen Lamps Co.")

    oldest = Version.objects.get_for_object(enterprise).order_by("pk").first()
    assert oldest.field_dict["name"] == "Guzhen Lamps"


def test_loaddemo_keeps_a_first_version_and_never_overwrites_an_editor(admin_client):
    run("loaddemo")
    release = Release.objects.get(slug=SEED_RELEASE_SLUG)
    assert Version.objects.get_for_object(release).count() == 1
    assert (
        Version.objects.get_for_model(Enterprise).count() == Enterprise.objects.count()
    )
    about = Page.objects.get(slug="about")

    _save_in_admin(admin_client, release, title_en="Zhongshan, China's lamp capital")
    _save_in_admin(admin_client, about, title_en="About us")
    run("loaddemo")

    release.refresh_from_db()
    about.refresh_from_db()
    assert release.title_en == "Zhongshan, China's lamp capital"
    assert about.title_en == "About us"
    assert Version.objects.get_for_object(release).count() == 2
