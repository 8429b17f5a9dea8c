from django.db import migrations

from core.groups import ensure_group, remove_group

GROUP_NAME = "site editor"
# Pages in full; the one settings row is only viewed and changed.
CODENAMES = [
    f"{action}_page" for action in ("add", "change", "delete", "view")
] + ["change_sitesettings", "view_sitesettings"]


def create_group(apps, schema_editor):
    ensure_group(apps, GROUP_NAME, "pages", CODENAMES)


def delete_group(apps, schema_editor):
    remove_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0001_pages_and_site_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
