"""The base every admin of the site builds on: keys and terms checked before a query.

A forged admin form (a row key that is no number, a NUL character in a search
term) must get an answer, never a 500: Django hands such values to the database
as posted, where SQLite refuses keys out of range and PostgreSQL any NUL.
"""

from collections.abc import Mapping

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.core.exceptions import BadRequest, ValidationError
from django.core.validators import EMPTY_VALUES
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from caching import page_cache

from .kept_uploads import KeepsUploadsAdminMixin
from .models import RichTextImage


def is_usable_key(target, value) -> bool:
    """Whether `value` could be a value of the model field `target` at all."""
    if value in EMPTY_VALUES:
        return True
    try:
        target.run_validators(target.to_python(value))
    except ValidationError:
        return False
    return True


class _UsableKeysOnly:
    """An autocomplete widget that redisplays only keys the database can look up."""

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.get_related_field()
        value = [key for key in value if is_usable_key(target, key)]
        return super().optgroups(name, value, attr)


class AutocompleteSelect(_UsableKeysOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_UsableKeysOnly, widgets.AutocompleteSelectMultiple):
    pass


class UsableKeysMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Answers a forged key with "Select a valid choice", before its `__in` query."""

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
    """For a ModelAdmin or inline: its `autocomplete_fields` check the posted keys."""

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
            kwargs.setdefault("form_class", UsableKeysMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SiteAdminMixin(KeepsUploadsAdminMixin, SafeAutocompleteMixin):
    """Put first among a ModelAdmin's bases (before TranslationAdmin and the like).
    Its file and image fields keep a chosen file when a save fails."""

    def response_action(self, request, queryset):
        # Django filters by the ticked rows' keys as posted; only a forged form
        # sends one that is no number (or too large for SQLite).
        pk = self.model._meta.pk
        keys = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_usable_key(pk, key) for key in keys):
            raise BadRequest("An admin action was posted with a forged row key.")
        return super().response_action(request, queryset)

    def update_rows(self, queryset: QuerySet, **values) -> int:
        """For bulk actions: set `values` on the rows that lack them, as saving each
        would: `updated_at` moves (sitemaps' lastmod, feeds) and cached pages that
        show the model go. Returns how many rows changed."""
        changed = queryset.exclude(**values).update(**values, updated_at=timezone.now())
        if changed and page_cache.shows(self.model):
            page_cache.invalidate()
        return changed

    def get_search_results(self, request, queryset, search_term):
        # The change list validates its search box, but the autocomplete view
        # hands the typed term on as it came.
        search_term = search_term.replace("\x00", "")
        return super().get_search_results(request, queryset, search_term)


def image_preview(upload, rendition, alt: str, width: int) -> str:
    """An admin field showing an upload as pages show it ("-" without one)."""
    if not upload:
        return "-"
    return format_html('<img src="{}" alt="{}" width="{}">', rendition.url, alt, width)


def update_action(
    name: str,
    description: str,
    done: str,
    *,
    params: Mapping[str, str] | None = None,
    level: int = messages.SUCCESS,
    **values,
):
    """A bulk action for a SiteAdminMixin admin: set `values` on the ticked rows
    (see `update_rows`), then say so with `done`, an `ngettext_lazy(..., "count")`
    that may also name `params`."""

    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        changed = modeladmin.update_rows(queryset, **values)
        modeladmin.message_user(
            request, done % {"count": changed, **(params or {})}, level
        )

    action.__name__ = name
    return action


class SiteModelAdmin(SiteAdminMixin, admin.ModelAdmin):
    """A ModelAdmin with the site's checks."""


class SiteTabularInline(SafeAutocompleteMixin, admin.TabularInline):
    """A tabular inline whose autocomplete fields check the posted keys."""


class LockoutAttemptAdmin(AccessAttemptAdmin):
    """django-axes' admin, whose clean-up deletes rows: only for who may delete."""

    @admin.action(
        description=AccessAttemptAdmin.cleanup_expired_attempts.short_description,
        permissions=["delete"],
    )
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LockoutAttemptAdmin)


@admin.register(RichTextImage)
class RichTextImageAdmin(SiteModelAdmin):
    """Upload an image, then paste its address into a release's or page's text."""

    list_display = ["thumbnail", "alt", "address", "created_at"]
    search_fields = ["alt"]
    date_hierarchy = "created_at"
    fields = ["image", "alt", "thumbnail", "address"]
    readonly_fields = ["thumbnail", "address"]

    @admin.display(description=_("as shown in texts"))
    def thumbnail(self, image):
        return image_preview(image.image, image.rendition, image.alt, 160)

    @admin.display(description=_("address to paste in the editor"))
    def address(self, image):
        if not image.image:
            return _("Shown once the image is saved.")
        return format_html(
            '<input type="text" readonly value="{}" aria-label="{}" size="60">',
            image.rendition.url,
            _("Address of the image"),
        )
