"""The inbox as a spreadsheet (django-import-export), for staff who answer offline."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from .models import VISITOR_FIELDS, Message

# A spreadsheet runs a cell that starts with one of these as a formula, and
# visitors type them. django-import-export's own escaping only strips a leading
# "=", so each such cell is kept as text with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value) -> str:
    """What a cell shows: the value as text, never something a spreadsheet runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
        return as_text(super().export_field(field, instance, **kwargs))
