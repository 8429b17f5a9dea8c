from django.db import migrations, models
from django.db.migrations.recorder import MigrationRecorder

# The migration from which on every message's notice is recorded.
RECORDING_SINCE = ("contact", "0003_message_staff_notified_at")


def mark_messages_from_before_recording(apps, schema_editor):
    """Messages stored before notices were recorded were mailed in the visitor's
    request, or not: nothing says which, and the inbox must not say "not yet"."""
    recorded = (
        MigrationRecorder(schema_editor.connection)
        .migration_qs.filter(app=RECORDING_SINCE[0], name=RECORDING_SINCE[1])
        .values_list("applied", flat=True)
        .first()
    )
    if recorded is None:
        return
    Message = apps.get_model("contact", "Message")
    Message.objects.using(schema_editor.connection.alias).filter(
        created_at__lt=recorded, staff_notified_at__isnull=True
    ).update(is_notification_recorded=False)


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0006_message_forwarded_to_the_firm"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="is_notification_recorded",
            field=models.BooleanField(
                default=True, editable=False, verbose_name="notification recorded"
            ),
        ),
        migrations.RunPython(
            mark_messages_from_before_recording, migrations.RunPython.noop
        ),
    ]
