from django.db import migrations

from core.groups import grant, revoke

# Both kinds of editors write rich text, so both may upload its images.
GROUPS = ["news editor", "site editor"]
CODENAMES = [
    f"{action}_richtextimage" for action in ("add", "change", "delete", "view")
]


def grant_upload(apps, schema_editor):
    grant(apps, GROUPS, "cluster_cms", CODENAMES)


def revoke_upload(apps, schema_editor):
    revoke(apps, GROUPS, "cluster_cms", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("cluster_cms", "0004_rich_text_images"),
        # After the migrations that (re)set these groups' own permissions.
        ("news", "0002_news_editor_group"),
        ("pages", "0002_site_editor_group"),
    ]

    operations = [migrations.RunPython(grant_upload, revoke_upload)]
