"""Take over RichTextImage from `cluster_cms`, keeping everything it had.

`cluster_cms.0006` renamed the table to `core_richtextimage`; here the model
enters this app's state as it is, and its content type changes app, which carries
along the permissions, the editors' grants and the admin's history of each image.
"""

from django.db import migrations, models

import core.images


def move_content_type(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    manager = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not manager.filter(app_label=old, model="richtextimage").exists():
        # A fresh database: the content type is made after all migrations.
        return
    # One made in the meantime holds no rows, grants or history yet.
    manager.filter(app_label=new, model="richtextimage").delete()
    manager.filter(app_label=old, model="richtextimage").update(app_label=new)
    ContentType.objects.clear_cache()


def content_type_to_core(apps, schema_editor):
    move_content_type(apps, schema_editor, old="cluster_cms", new="core")


def content_type_to_cluster_cms(apps, schema_editor):
    move_content_type(apps, schema_editor, old="core", new="cluster_cms")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cluster_cms", "0006_rich_text_images_move_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RichTextImage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("image", models.ImageField(help_text="JPEG, PNG or WebP. Texts show a copy at most 1200 pixels wide.", upload_to=core.images.RandomImageName("text-images"), validators=[core.images.validate_image_upload], verbose_name="image")),
                        ("alt", models.CharField(help_text="What the image shows, for readers who cannot see it. Paste it as the image's “Alternative Text” in the editor.", max_length=250, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "image for rich text",
                        "verbose_name_plural": "images for rich text",
                        "ordering": ["-created_at", "-pk"],
                        "get_latest_by": "created_at",
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_cluster_cms),
    ]
