import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains

from enterprises.models import Enterprise
from tests.enterprises.test_import import csv_bytes, import_spreadsheet

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory_editor_client(client, django_user_model):
    """A staff member in the directory editor group, not a superuser."""
    editor = django_user_model.objects.create_user("keeper", is_staff=True)
    editor.groups.add(Group.objects.get(name="directory editor"))
    client.force_login(editor)
    return client


def test_directory_editor_group_holds_only_directory_permissions():
    group = Group.objects.get(name="directory editor")

    apps = set(group.permissions.values_list("content_type__app_label", flat=True))

    # The directory, and deciding what firms' representatives send for it.
    assert apps == {"enterprises", "suppliers"}
    assert group.permissions.filter(codename="change_enterprise").exists()


def test_a_directory_editor_imports_a_spreadsheet(directory_editor_client, run_tasks):
    page = import_spreadsheet(directory_editor_client, run_tasks, csv_bytes())

    assertContains(page, "imported")
    assert set(Enterprise.objects.values_list("name", flat=True)) == {
        "Radiant Lamps",
        "Jade Lighting",
    }


def test_a_directory_editor_cannot_read_messages_or_edit_releases(
    directory_editor_client,
):
    for name in ("admin:contact_message_changelist", "admin:news_release_add"):
        assert directory_editor_client.get(reverse(name)).status_code == 403
    assertContains(
        directory_editor_client.get(reverse("admin:enterprises_enterprise_changelist")),
        "Import",
    )
