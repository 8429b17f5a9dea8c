"""The Message model moves to the `contact` app; its table is renamed, never copied.

The rows stay where they are: only the table's name changes, and the model leaves
this app's state. `contact.0001_initial` takes the model over, with its content
type, permissions and the message handler group's grants.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cluster_cms", "0002_message_handler_group"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="Message", table="contact_message"),
            ],
            state_operations=[
                migrations.DeleteModel(name="Message"),
            ],
        ),
    ]
