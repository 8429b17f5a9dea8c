from django.db import migrations

from core.groups import ensure_group, remove_group

GROUP_NAME = "message handler"
# Read, set a status or note, and delete (spam, a visitor's erasure request);
# never add: messages come from visitors only.
CODENAMES = ["view_message", "change_message", "delete_message"]


def create_group(apps, schema_editor):
    ensure_group(apps, GROUP_NAME, "cluster_cms", CODENAMES)


def delete_group(apps, schema_editor):
    remove_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("cluster_cms", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
