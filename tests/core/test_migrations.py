"""A database from before the `core` app keeps its text images, grants and history."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains

from core.models import RichTextImage
from tests.support.migrations import migrate

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before RichTextImage moved out of cluster_cms.
OLD_LAYOUT = [("cluster_cms", "0005_editors_upload_text_images"), ("core", None)]


@pytest.fixture
def old_layout():
    apps = migrate(OLD_LAYOUT)
    try:
        yield apps
    finally:
        migrate()


def test_text_images_grants_and_history_survive_the_move_to_the_core_app(
    old_layout, client
):
    OldImage = old_layout.get_model("cluster_cms", "RichTextImage")
    OldContentType = old_layout.get_model("contenttypes", "ContentType")
    OldPermission = old_layout.get_model("auth", "Permission")
    OldGroup = old_layout.get_model("auth", "Group")
    image = OldImage.objects.create(
        image="text-images/ab/cd/lamp.jpg", alt="古镇灯饰展厅"
    )
    image_type = OldContentType.objects.get(
        app_label="cluster_cms", model="richtextimage"
    )
    old_permissions = set(
        OldPermission.objects.filter(content_type=image_type).values_list(
            "pk", "codename"
        )
    )
    news_editors, _ = OldGroup.objects.get_or_create(name="news editor")
    news_editors.permissions.add(*OldPermission.objects.filter(content_type=image_type))
    editor = User.objects.create_user("editor", is_staff=True)
    LogEntry.objects.create(
        user_id=editor.pk,
        content_type_id=image_type.pk,
        object_id=str(image.pk),
        object_repr="古镇灯饰展厅",
        action_flag=CHANGE,
    )

    migrate()

    tables = connection.introspection.table_names()
    assert "core_richtextimage" in tables
    assert "cluster_cms_richtextimage" not in tables
    moved = RichTextImage.objects.get()
    assert (moved.pk, moved.alt, moved.image.name) == (
        image.pk,
        "古镇灯饰展厅",
        "text-images/ab/cd/lamp.jpg",
    )
    new_type = ContentType.objects.get_for_model(RichTextImage)
    assert new_type.pk == image_type.pk
    assert not ContentType.objects.filter(app_label="cluster_cms")
    assert (
        set(
            Permission.objects.filter(content_type=new_type).values_list(
                "pk", "codename"
            )
        )
        == old_permissions
    )
    assert LogEntry.objects.get().get_edited_object() == moved
    # A news editor still uploads text images, through the moved grants.
    editor.groups.add(Group.objects.get(name="news editor"))
    assert User.objects.get(pk=editor.pk).has_perm("core.add_richtextimage")
    client.force_login(editor)
    assertContains(
        client.get(reverse("admin:core_richtextimage_changelist")), "古镇灯饰展厅"
    )
