from django.db import migrations

from core.groups import ensure_group, remove_group

GROUP_NAME = "news editor"
CODENAMES = [
    f"{action}_{model}"
    for model in ("release", "category")
    for action in ("add", "change", "delete", "view")
]


def create_group(apps, schema_editor):
    ensure_group(apps, GROUP_NAME, "news", CODENAMES)


def delete_group(apps, schema_editor):
    remove_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
