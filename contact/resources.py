"""The inbox as a spreadsheet (django-import-export), for staff who answer offline."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import VISITOR_FIELDS, Message


class MessageResource(resources.ModelResource):
    """Export only: messages come from visitors, never from a file."""

    # The firm (or release) a message is about, by name; the admin prefetches it.
    about = fields.Field(column_name=_("about"))

    class Meta:
        model = Message
        fields = [
            "created_at",
            "status",
            *VISITOR_FIELDS,
            "page_url",
            "language",
            "staff_note",
            "forwarded_to",
            "about",
        ]
        export_order = fields
        widgets = {"created_at": {"format": "%Y-%m-%d %H:%M"}}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        # Staff read the headers in their language, as the inbox names the fields.
        field.column_name = django_field.verbose_name
        return field

    def dehydrate_about(self, message: Message) -> str:
        return str(message.about or "")

    def dehydrate_status(self, message: Message) -> str:
        return message.get_status_display()

    def export_field(self, field, instance, **kwargs):
        # An empty cell for what was not given. No cell is ever run as a formula:
        # the formats (core/spreadsheets.py) write every cell as text.
        value = super().export_field(field, instance, **kwargs)
        return "" if value is None else str(value)
