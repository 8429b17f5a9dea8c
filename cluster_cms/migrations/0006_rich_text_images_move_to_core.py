"""RichTextImage moves to the `core` app; its table is renamed, never copied.

`core.0001_initial` takes the model over with its content type, permissions and
the editors' grants, as `contact` took over Message.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cluster_cms", "0005_editors_upload_text_images"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(
                    name="RichTextImage", table="core_richtextimage"
                ),
            ],
            state_operations=[
                migrations.DeleteModel(name="RichTextImage"),
            ],
        ),
    ]
