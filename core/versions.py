"""Every version of what editors write, and no silent overwrite between editors.

django-reversion stores each admin save as a version (who, when, the admin's
"Changed title and body" message); django-reversion-compare shows two versions
side by side and the history restores one. `VersionedAdmin` also stops a save
made over someone else's newer save: the form carries the version it was
opened at, and a save against a newer one comes back with the editor's text
in place and a list of what the other editor changed.
"""

import datetime

import reversion
from django import forms
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from reversion.models import Revision, Version
from reversion_compare.admin import CompareVersionAdmin

# The admin's name for the hidden field that carries the opened version.
EDIT_TOKEN = "edit_token"
# Stamps that change on every save say nothing an editor needs to read.
UNSHOWN_FIELDS = {"updated_at", "created_at"}


def edit_token(instance) -> str:
    """What identifies the saved state an editor opened: its last save time and
    its latest version (0 before the first)."""
    stamp = instance.updated_at.isoformat() if instance.updated_at else ""
    latest = Version.objects.get_for_object(instance).values_list("pk", flat=True)
    return f"{stamp}|{latest.first() or 0}"


def _mirrors_a_translation(model, name: str) -> bool:
    """Whether `name` is a translated field's original column, which
    modeltranslation keeps equal to one language's column (shown already)."""
    if model not in translator.get_registered_models():
        return False
    return name in translator.get_options_for_model(model).all_fields


def _shown(value) -> str:
    text = strip_tags(str(value)) if value not in (None, "") else "–"
    return Truncator(text).chars(120)


def changes_between(instance, opened_version_id: int) -> list[tuple[str, str, str]]:
    """(field, then, now) for each field saved differently since the version an
    editor opened; empty when that version is unknown."""
    versions = Version.objects.get_for_object(instance)
    opened = versions.filter(pk=opened_version_id).first()
    latest = versions.first()
    if opened is None or latest is None or latest.pk == opened.pk:
        return []
    before, after = opened.field_dict, latest.field_dict
    changes = []
    for name, value in after.items():
        if name in UNSHOWN_FIELDS or before.get(name) == value:
            continue
        if _mirrors_a_translation(type(instance), name):
            continue
        try:
            label = str(instance._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            label = name
        changes.append((label, _shown(before.get(name)), _shown(value)))
    return changes


class EditTokenForm(forms.ModelForm):
    """A model form that refuses to save over a newer save than it was opened at."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Off while restoring a version: the editor chose that version on purpose.
    guards_stale_saves = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[EDIT_TOKEN].initial = edit_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        key = self.add_prefix(EDIT_TOKEN)
        if not (self.guards_stale_saves and self.instance.pk and key in self.data):
            return cleaned_data  # a new row, or a form that does not carry it
        opened = self.data[key]
        current = edit_token(self.instance)
        if opened.split("|")[0] == current.split("|")[0]:
            return cleaned_data
        # Shown again with what the editor typed; the token now names the newer
        # save, so saving again (after reading what changed) goes through.
        self.data = self.data.copy()
        self.data[self.add_prefix(EDIT_TOKEN)] = current
        opened_version = opened.split("|")[-1]
        raise ValidationError(self.stale_message(opened_version), code="stale_save")

    def stale_message(self, opened_version: str):
        latest = (
            Version.objects.get_for_object(self.instance)
            .select_related("revision__user")
            .first()
        )
        who = latest.revision.user if latest and latest.revision.user else None
        when = timezone.localtime(self.instance.updated_at)
        changes = changes_between(
            self.instance, int(opened_version) if opened_version.isdigit() else 0
        )
        intro = format_html(
            _(
                "Not saved: {who} saved this at {when}, after you opened it. Your "
                "text is still below. Check what changed, then save again to "
                "replace their version with yours."
            ),
            who=who.get_username() if who else _("someone else"),
            when=when.strftime("%Y-%m-%d %H:%M:%S"),
        )
        if not changes:
            return intro
        rows = format_html_join(
            "",
            "<li><strong>{}</strong>: {} → {}</li>",
            changes,
        )
        return format_html("{}<ul>{}</ul>", intro, rows)


class VersionedAdmin(CompareVersionAdmin):
    """History, side-by-side compare, restore, recover deleted, and the stale-save
    guard. Its form must be an `EditTokenForm` (the default here)."""

    form = EditTokenForm
    history_latest_first = True
    compare_exclude = sorted(UNSHOWN_FIELDS)
    object_history_template = "admin/versions/object_history.html"
    compare_template = "admin/versions/compare.html"

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment_from(entry)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment_from(entry)
        return entry

    @staticmethod
    def _comment_from(entry) -> None:
        # The admin's structured message, not its text: the history then reads
        # "Changed title" or "已修改 标题" in each reader's language.
        if reversion.is_active() and entry.change_message:
            reversion.set_comment(entry.change_message)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "restoring_version", False):
            return type(form)(form.__name__, (form,), {"guards_stale_saves": False})
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        request.restoring_version = True
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        request.restoring_version = True
        return super().recover_view(request, version_id, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        shown = {name for _name, options in fieldsets for name in options["fields"]}
        if obj is None or EDIT_TOKEN in shown:
            return fieldsets
        first_name, first_options = fieldsets[0]
        return [
            (
                first_name,
                {
                    **first_options,
                    "fields": [*first_options["fields"], EDIT_TOKEN],
                },
            ),
            *fieldsets[1:],
        ]

    def history_view(self, request, object_id, extra_context=None):
        opts = self.model._meta
        # Spelled out: the site settings' history lives at .../history/, with no
        # object id in its path for a relative "compare/" to build on.
        compare_url = reverse(
            f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_compare",
            args=(object_id,),
        )
        return super().history_view(
            request, object_id, {"compare_url": compare_url, **(extra_context or {})}
        )

    def compare(self, obj, version1, version2):
        """Each changed field's diff, with both versions' values beside it."""
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        before, after = version1.field_dict, version2.field_dict
        diff = [
            entry
            for entry in diff
            if not _mirrors_a_translation(type(obj), entry["field"].name)
            and not _unchanged(entry["field"], before, after)
        ]
        for entry in diff:
            name = getattr(entry["field"], "attname", None)
            if name in after:
                entry["before"] = _side(before.get(name))
                entry["after"] = _side(after.get(name))
        return diff, has_unfollowed_fields


def _unchanged(field, before: dict, after: dict) -> bool:
    name = getattr(field, "attname", None)
    return name in before and name in after and before[name] == after[name]


def _side(value) -> str:
    if isinstance(value, list | tuple | set):
        return ", ".join(str(item) for item in value) or "–"
    return strip_tags(str(value)) if value not in (None, "") else "–"


def purge_deleted_versions(*, deleted_before: datetime.datetime) -> int:
    """Forget every version of the rows deleted before `deleted_before`; return
    how many rows can no longer be recovered.

    A row was deleted when the admin logged its deletion; one deleted elsewhere
    counts from its last saved version.
    """
    purged = 0
    for model in reversion.get_registered_models():
        content_type = ContentType.objects.get_for_model(model)
        deletions = dict(
            LogEntry.objects.filter(content_type=content_type, action_flag=DELETION)
            .order_by("action_time")
            .values_list("object_id", "action_time")
        )
        for version in Version.objects.get_deleted(model).select_related("revision"):
            deleted_at = deletions.get(version.object_id, version.revision.date_created)
            if deleted_at < deleted_before:
                Version.objects.get_for_object_reference(
                    model, version.object_id
                ).delete()
                purged += 1
    Revision.objects.filter(version__isnull=True).delete()
    return purged
