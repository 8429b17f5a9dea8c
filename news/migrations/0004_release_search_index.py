"""A GIN index for the release search, on PostgreSQL only.

It indexes the very expression news/filters.py searches on English pages (frozen
here, as migrations must be): change both together. SQLite searches by
substring and gets nothing here.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX = GinIndex(
    SearchVector("title_en", "summary_en", "body_en", config="english"),
    name="news_release_search_gin",
)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("news", "Release"), INDEX)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("news", "Release"), INDEX)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_translations")]

    operations = [migrations.RunPython(create_index, drop_index)]
