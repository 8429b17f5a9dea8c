"""A database from before the `contact` app keeps its messages, grants and history;
messages from before notices were recorded say so."""

import datetime
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse
from pytest_django.asserts import assertContains

from contact.models import Message
from tests.support.migrations import migrate

pytestmark = pytest.mark.django_db(transaction=True)

# The last migration before Message moved out of cluster_cms.
OLD_LAYOUT = [("cluster_cms", "0002_message_handler_group"), ("contact", None)]


@pytest.fixture
def old_layout():
    """The database as the site left it before the move; restored afterwards."""
    apps = migrate(OLD_LAYOUT)
    try:
        yield apps
    finally:
        migrate()


def test_messages_grants_and_history_survive_the_move_to_the_contact_app(
    old_layout, client, release_factory
):
    OldMessage = old_layout.get_model("cluster_cms", "Message")
    OldContentType = old_layout.get_model("contenttypes", "ContentType")
    OldPermission = old_layout.get_model("auth", "Permission")
    OldGroup = old_layout.get_model("auth", "Group")
    release = release_factory(title="Guzhen lighting fair opens")
    release_type = OldContentType.objects.get(app_label="news", model="release")
    general = OldMessage.objects.create(
        name="Li Ming", email="li.ming@example.com", body="Do you make LED panels?"
    )
    about_release = OldMessage.objects.create(
        name="Anna Berg",
        phone="+46 8 123 456",
        body="Which stands show street lights?",
        status="read",
        staff_note="Sent her the hall plan.",
        content_type=release_type,
        object_id=release.pk,
    )
    message_type = OldContentType.objects.get(app_label="cluster_cms", model="message")
    old_permissions = set(
        OldPermission.objects.filter(content_type=message_type).values_list(
            "pk", "codename"
        )
    )
    handler_group, _ = OldGroup.objects.get_or_create(name="message handler")
    handler_group.permissions.set(
        OldPermission.objects.filter(
            content_type=message_type,
            codename__in=["view_message", "change_message", "delete_message"],
        )
    )
    editor = User.objects.create_user("editor", is_staff=True)
    LogEntry.objects.create(
        user_id=editor.pk,
        content_type_id=message_type.pk,
        object_id=str(about_release.pk),
        object_repr="Anna Berg",
        action_flag=CHANGE,
    )

    migrate()

    tables = connection.introspection.table_names()
    assert "contact_message" in tables and "cluster_cms_message" not in tables
    assert list(Message.objects.order_by("pk").values_list("pk", "name")) == [
        (general.pk, "Li Ming"),
        (about_release.pk, "Anna Berg"),
    ]
    moved = Message.objects.get(pk=about_release.pk)
    assert moved.about == release
    assert (moved.status, moved.staff_note) == ("read", "Sent her the hall plan.")
    assert moved.created_at is not None
    # The same content type, so the same permissions and admin history.
    new_type = ContentType.objects.get_for_model(Message)
    assert new_type.pk == message_type.pk
    assert not ContentType.objects.filter(app_label="cluster_cms", model="message")
    assert (
        set(
            Permission.objects.filter(content_type=new_type).values_list(
                "pk", "codename"
            )
        )
        == old_permissions
    )
    assert LogEntry.objects.get().get_edited_object() == moved
    # A message handler still reads the inbox, through the moved grants.
    handler = User.objects.create_user("handler", is_staff=True)
    handler.groups.add(Group.objects.get(name="message handler"))
    assert handler.has_perm("contact.change_message")
    client.force_login(handler)
    assertContains(client.get(reverse("admin:contact_message_changelist")), "Anna Berg")
    # New messages continue the old numbering.
    newest = Message.objects.create(name="Wang Fang", email="w@example.com", body="Hi")
    assert newest.pk > about_release.pk


def test_the_inbox_says_no_notice_was_recorded_for_messages_from_before(
    admin_client,
):
    old = migrate([("contact", "0006_message_forwarded_to_the_firm")])
    OldMessage = old.get_model("contact", "Message")
    recording_since = MigrationRecorder.Migration.objects.get(
        app="contact", name="0003_message_staff_notified_at"
    ).applied
    for name in ("Li Ming", "Anna Berg", "Chen Jing"):
        OldMessage.objects.create(
            name=name, email="buyer@example.com", body="Do you make LED panels?"
        )
    OldMessage.objects.filter(name="Li Ming").update(
        created_at=recording_since - datetime.timedelta(days=30)
    )
    OldMessage.objects.filter(name="Chen Jing").update(
        staff_notified_at=recording_since + datetime.timedelta(minutes=5)
    )

    migrate()

    assert not Message.objects.get(name="Li Ming").is_notification_recorded
    page = admin_client.get(
        reverse("admin:contact_message_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert inbox_column(page, "Li Ming") == "无记录（留言早于通知记录功能）"
    assert inbox_column(page, "Anna Berg") == "尚未通知"
    assert "年" in inbox_column(page, "Chen Jing")  # the date it was mailed


def inbox_column(page, name: str, column: str = "staff_notified") -> str:
    """The text of one column in the row of the message from `name`."""
    row = next(
        row
        for row in re.findall(r"<tr>.*?</tr>", page.content.decode(), re.S)
        if f">{name}<" in row
    )
    cell = re.search(rf'<td class="field-{column}">(.*?)</td>', row, re.S)
    return re.sub(r"<[^>]+>", "", cell.group(1)).strip()
