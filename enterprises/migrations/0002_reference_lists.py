"""Seed the editable lists with the real towns, categories and schemes.

A migration rather than the demo loader: production needs these lists on day one,
and a migration runs once, so it never undoes what editors later change.
"""

from django.db import migrations

from enterprises.reference_lists import ensure_reference_lists


def seed(apps, schema_editor):
    ensure_reference_lists(
        apps.get_model("enterprises", "Town"),
        apps.get_model("enterprises", "ProductCategory"),
        apps.get_model("enterprises", "Certification"),
    )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
