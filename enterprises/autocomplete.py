"""The admin's autocomplete fields, made safe against forged related keys.

Django's autocomplete widget looks up the posted keys as they are to redisplay a
form with errors, and the many-to-many field checks them with one `__in` query:
a key that is not a number (or is out of range, on SQLite) raised a 500 instead
of the usual "Select a valid choice".
"""

from django import forms
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError

from cluster_cms.admin_keys import is_usable_key


class _UsableKeysOnly:
    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.get_related_field()
        value = [key for key in value if is_usable_key(target, key)]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(_UsableKeysOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_UsableKeysOnly, widgets.AutocompleteSelectMultiple):
    pass


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        opts = self.queryset.model._meta
        target = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for key in value:
            if not is_usable_key(target, key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        return super()._check_values(value)


class SafeAutocompleteMixin:
    """For a ModelAdmin or inline with `autocomplete_fields`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
            kwargs.setdefault("form_class", ModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)
