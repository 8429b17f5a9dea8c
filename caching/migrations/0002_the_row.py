import uuid

from django.db import migrations


def create_row(apps, schema_editor):
    # The one row every request reads: there from the start, so that reading a
    # page never writes.
    apps.get_model("caching", "SiteVersion").objects.get_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )


class Migration(migrations.Migration):
    dependencies = [("caching", "0001_site_version")]

    operations = [migrations.RunPython(create_row, migrations.RunPython.noop)]
