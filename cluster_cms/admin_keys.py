"""Row keys that come back from the admin's forms, checked before any query."""

from django.contrib.admin import helpers
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import EMPTY_VALUES


def is_usable_key(target, value) -> bool:
    """Whether `value` could be a value of the model field `target` at all."""
    if value in EMPTY_VALUES:
        return True
    try:
        target.run_validators(target.to_python(value))
    except ValidationError:
        return False
    return True


class CheckedSelectionMixin:
    """For a ModelAdmin with actions.

    Django filters by the ticked rows' keys as posted: a key that is no number
    (or too large for SQLite) raised a 500. Only a forged form sends one.
    """

    def response_action(self, request, queryset):
        pk = self.model._meta.pk
        keys = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_usable_key(pk, key) for key in keys):
            raise BadRequest("An admin action was posted with a forged row key.")
        return super().response_action(request, queryset)
