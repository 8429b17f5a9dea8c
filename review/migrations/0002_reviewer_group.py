from django.db import migrations

from core.groups import ensure_group, grant, remove_group, revoke

GROUP_NAME = "reviewer"
CODENAMES = ["view_revision", "approve_revision"]
# Reviewers read what they approve (never change it): each group's rights
# beyond this app's, by app label.
GRANTS = {
    "news": ["view_release", "view_category"],
    "pages": ["view_page"],
    "core": ["view_richtextimage"],
}
# Writers follow their versions' review (read-only).
WRITERS = ["news editor", "site editor"]


def create_group(apps, schema_editor):
    ensure_group(apps, GROUP_NAME, "review", CODENAMES)
    for app_label, codenames in GRANTS.items():
        grant(apps, [GROUP_NAME], app_label, codenames)
    grant(apps, WRITERS, "review", ["view_revision"])


def delete_group(apps, schema_editor):
    revoke(apps, WRITERS, "review", ["view_revision"])
    remove_group(apps, GROUP_NAME)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_revisions"),
        ("news", "0002_news_editor_group"),
        ("pages", "0002_site_editor_group"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
