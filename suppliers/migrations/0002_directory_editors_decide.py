from django.db import migrations

from core.groups import grant, revoke

GROUPS = ["directory editor"]
# Editors decide claims and listing changes, and may remove a representative.
CODENAMES = [
    "view_claim",
    "change_claim",
    "view_listingchange",
    "change_listingchange",
    "view_representative",
    "delete_representative",
]


def let_directory_editors_decide(apps, schema_editor):
    grant(apps, GROUPS, "suppliers", CODENAMES)


def take_it_back(apps, schema_editor):
    revoke(apps, GROUPS, "suppliers", CODENAMES)


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0001_initial"),
        ("enterprises", "0010_product_photos_main_products_published_contacts"),
    ]

    operations = [migrations.RunPython(let_directory_editors_decide, take_it_back)]
