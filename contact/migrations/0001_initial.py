"""Take over the Message model from `cluster_cms`, keeping everything it had.

`cluster_cms.0003` renamed the table to `contact_message`; here the model enters
this app's state as it is (the indexes keep their names until 0002), and its
content type changes app, which carries along the permissions, the message
handler group's grants and the admin's history of each message.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, *, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    manager = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not manager.filter(app_label=old, model="message").exists():
        # A fresh database: the content type is made after all migrations.
        return
    # One made in the meantime holds no rows, grants or history yet.
    manager.filter(app_label=new, model="message").delete()
    manager.filter(app_label=old, model="message").update(app_label=new)
    ContentType.objects.clear_cache()


def content_type_to_contact(apps, schema_editor):
    move_content_type(apps, schema_editor, old="cluster_cms", new="contact")


def content_type_to_cluster_cms(apps, schema_editor):
    move_content_type(apps, schema_editor, old="contact", new="cluster_cms")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cluster_cms", "0003_message_moves_to_contact"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Message",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="received")),
                        ("name", models.CharField(max_length=200, verbose_name="name")),
                        ("email", models.EmailField(blank=True, max_length=254, verbose_name="email")),
                        ("phone", models.CharField(blank=True, max_length=50, verbose_name="phone")),
                        ("company", models.CharField(blank=True, max_length=200, verbose_name="company")),
                        ("country", models.CharField(blank=True, max_length=100, verbose_name="country or region")),
                        ("body", models.TextField(max_length=3000, verbose_name="message")),
                        ("page_url", models.CharField(blank=True, max_length=1000, verbose_name="page")),
                        ("object_id", models.PositiveBigIntegerField(blank=True, null=True, verbose_name="object id")),
                        ("client_address", models.GenericIPAddressField(blank=True, null=True, verbose_name="client address")),
                        ("user_agent", models.CharField(blank=True, max_length=500, verbose_name="user agent")),
                        ("language", models.CharField(blank=True, max_length=20, verbose_name="language")),
                        ("status", models.CharField(choices=[("new", "new"), ("read", "read"), ("replied", "replied"), ("spam", "spam"), ("archived", "archived")], default="new", max_length=20, verbose_name="status")),
                        ("staff_note", models.TextField(blank=True, help_text="Only staff see this note.", verbose_name="staff note")),
                        ("content_type", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="contenttypes.contenttype", verbose_name="left on a page of")),
                    ],
                    options={
                        "verbose_name": "message",
                        "verbose_name_plural": "messages",
                        "ordering": ["-created_at", "-pk"],
                        "get_latest_by": "created_at",
                        "indexes": [models.Index(fields=["status", "created_at"], name="cluster_cms_status_3cd7e2_idx"), models.Index(fields=["created_at"], name="cluster_cms_created_6a01e9_idx"), models.Index(fields=["content_type", "object_id"], name="cluster_cms_content_aebab2_idx")],
                        "constraints": [models.CheckConstraint(condition=models.Q(models.Q(("email", ""), _negated=True), models.Q(("phone", ""), _negated=True), _connector="OR"), name="message_has_email_or_phone", violation_error_message="Give an email address or a phone number (or both).")],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_contact, content_type_to_cluster_cms),
    ]
