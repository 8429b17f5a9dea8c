"""The admin's log messages ("Changed title and body") in the reader's language."""

import json
import re

from django.contrib.admin.models import LogEntry
from django.utils.text import capfirst
from django.utils.translation import gettext

# django-modeltranslation names a language's column "Title [English]"; the admin
# logs that name untranslated, and no catalogue holds it whole.
_TRANSLATED_LABEL = re.compile(r"^(?P<field>.+) \[(?P<language>[^\]]+)\]$")


def field_label(label: str) -> str:
    """A form label or verbose name in the reader's language, a translated
    column's language in brackets the Chinese way."""
    if match := _TRANSLATED_LABEL.match(label):
        return gettext("%(field)s [%(language)s]") % {
            "field": field_label(match["field"]),
            "language": gettext(match["language"]),
        }
    translated = gettext(label)
    if translated == label:
        # The form's label is the field's verbose name with a capital.
        lower = label[:1].lower() + label[1:]
        translated = capfirst(gettext(lower))
    return translated


def change_message_text(change_message: str) -> str:
    """An admin log message (`LogEntry.change_message`, a revision's comment)
    in the reader's language, field names included."""
    try:
        parts = json.loads(change_message) if change_message[:1] == "[" else None
    except json.JSONDecodeError:
        parts = None
    if not isinstance(parts, list):
        return change_message
    for part in parts:
        for details in part.values() if isinstance(part, dict) else ():
            if isinstance(details, dict) and isinstance(details.get("fields"), list):
                details["fields"] = [
                    field_label(str(name)) for name in details["fields"]
                ]
    return LogEntry(change_message=json.dumps(parts)).get_change_message()
