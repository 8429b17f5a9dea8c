"""The base every admin of the site builds on: keys and terms checked before a query.

A forged admin form (a row key that is no number, a NUL character in a search
term) must get an answer, never a 500: Django hands such values to the database
as posted, where SQLite refuses keys out of range and PostgreSQL any NUL.
"""

import errno
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import NestedObjects, quote
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.validators import EMPTY_VALUES
from django.db import router
from django.db.models import QuerySet
from django.http import HttpResponseNotAllowed, JsonResponse
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from caching import page_cache

from .kept_uploads import KeepsUploadsAdminMixin
from .log_messages import change_message_text
from .models import RichTextImage

logger = logging.getLogger(__name__)

# What a storage that cannot take a file says: the disk is full (or the quota
# used up), mounted read-only, or not writable by the site.
STORAGE_REFUSALS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EIO}
)


class StorageRefusedFormMixin:
    """The form drawn again after the storage refused a file: why, at its top."""

    def full_clean(self):
        super().full_clean()
        self.add_error(
            None,
            _(
                "Nothing was saved: the file storage is full or cannot be written "
                "to. Everything you typed is below, the chosen files too; save "
                "again later, or tell the site's operator."
            ),
        )


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

    # The admin's pages of its own, as (route, view method, name): each behind
    # the admin's sign-in, named "<app>_<model>_<name>" as Django names its own.
    own_views: list[tuple[str, str, str]] = []

    def get_urls(self):
        opts = self.model._meta
        return [
            *(
                path(
                    route,
                    self.admin_site.admin_view(getattr(self, view)),
                    name=f"{opts.app_label}_{opts.model_name}_{name}",
                )
                for route, view, name in self.own_views
            ),
            *super().get_urls(),
        ]

    def response_action(self, request, queryset):
        # Django filters by the ticked rows' keys as posted; only a forged form
        # sends one that is no number (or too large for SQLite).
        pk = self.model._meta.pk
        keys = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_usable_key(pk, key) for key in keys):
            raise BadRequest("An admin action was posted with a forged row key.")
        return super().response_action(request, queryset)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Saving writes uploads (and their renditions) to the media storage, in
        # the admin's transaction. A full or read-only disk rolls the whole save
        # back; the editor gets the form again with everything typed and why.
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as error:
            if request.method != "POST" or error.errno not in STORAGE_REFUSALS:
                raise
            logger.exception("The media storage refused a file; nothing was saved.")
        request.storage_refused = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if getattr(request, "storage_refused", False):
            return type(form.__name__, (StorageRefusedFormMixin, form), {})
        return form

    def update_rows(self, queryset: QuerySet, **values) -> int:
        """For bulk actions: set `values` on the rows that lack them, as saving each
        would: `updated_at` moves (sitemaps' lastmod, feeds) and cached pages that
        show the model go. Returns how many rows changed."""
        changed = queryset.exclude(**values).update(**values, updated_at=timezone.now())
        if changed and page_cache.shows(self.model):
            page_cache.invalidate()
        return changed

    def get_deleted_objects(self, objs, request):
        """Django's, but each row is a `DeletedRow`, which its template draws with
        the reader's colon (Django writes "Model: row" in every language)."""
        try:
            using = router.db_for_write(objs[0]._meta.model)
        except IndexError:
            return [], {}, set(), []
        collector = NestedObjects(using=using, origin=objs)
        collector.collect(objs)
        perms_needed = set()

        def row(obj) -> DeletedRow:
            opts, site = obj._meta, self.admin_site
            shown = DeletedRow(model=capfirst(opts.verbose_name), row=obj)
            if not site.is_registered(obj.__class__):
                return shown  # edited inline, or not in the admin: no link
            if not site.get_model_admin(obj.__class__).has_delete_permission(
                request, obj
            ):
                perms_needed.add(opts.verbose_name)
            try:
                shown.url = reverse(
                    f"{site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(obj.pk)],
                )
            except NoReverseMatch:
                pass  # a model without a change page
            return shown

        deleted = collector.nested(row)
        protected = [row(obj) for obj in collector.protected]
        model_count = {
            model._meta.verbose_name_plural: len(rows)
            for model, rows in collector.model_objs.items()
        }
        return deleted, model_count, perms_needed, protected

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        page = getattr(response, "context_data", {}).get("action_list")
        if hasattr(page, "object_list"):
            # Each entry read once, its message in the reader's language with
            # the translated columns' names ("Title [English]") translated too.
            page.object_list = list(page.object_list)
            for entry in page.object_list:
                entry.get_change_message = partial(
                    change_message_text, entry.change_message
                )
        return response

    def get_search_results(self, request, queryset, search_term):
        # The change list validates its search box, but the autocomplete view
        # hands the typed term on as it came.
        search_term = search_term.replace("\x00", "")
        return super().get_search_results(request, queryset, search_term)


@dataclass
class DeletedRow:
    """One row of what a delete takes, in the admin's delete summary."""

    model: str
    row: object
    url: str = ""

    def __html__(self) -> str:
        # `unordered_list` asks each item for its markup: the template draws it,
        # escaped as every template is.
        return render_to_string("admin/includes/_deleted_row.html", {"row": self})


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


class RichTextImageUploadForm(forms.ModelForm):
    """What the editor's image dialog sends: the file and its description."""

    class Meta:
        model = RichTextImage
        fields = ["image", "alt"]


@admin.register(RichTextImage)
class RichTextImageAdmin(SiteModelAdmin):
    """The images placed in texts: the editor's image dialog uploads them here
    (`upload_view`); this list shows, describes and finds them."""

    list_display = ["thumbnail", "alt", "address", "created_at"]
    search_fields = ["alt"]
    date_hierarchy = "created_at"
    fields = ["image", "alt", "thumbnail", "address"]
    readonly_fields = ["thumbnail", "address"]
    own_views = [("upload/", "upload_view", "upload")]

    def upload_view(self, request):
        """The rich-text editor's image dialog posts one image and its
        description here; the answer is the address and description to insert
        (or the form's errors, in the editor's language)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RichTextImageUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            errors = [error for errors in form.errors.values() for error in errors]
            return JsonResponse({"errors": errors}, status=400)
        image = form.save()
        self.log_addition(request, image, [{"added": {}}])
        return JsonResponse({"src": image.rendition.url, "alt": image.alt})

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
