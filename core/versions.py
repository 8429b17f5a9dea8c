"""Every version of what editors write, and no silent overwrite between editors.

django-reversion stores each admin save as a version (who, when, the admin's
"Changed title and body" message); django-reversion-compare shows two versions
side by side and the history restores one. `VersionedAdmin` also stops a save
made over someone else's newer save: the form carries the version it was
opened at, and a save against a newer one comes back with the editor's text
in place and a list of what the other editor changed.
"""

import datetime
import difflib
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import reversion
from django import forms
from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from modeltranslation.translator import translator
from reversion.models import Revision, Version
from reversion_compare.admin import CompareVersionAdmin

from .admin import is_usable_key
from .log_messages import field_label
from .models import Scheduled

# The admin's name for the hidden field that carries the opened version.
EDIT_TOKEN = "edit_token"
# The restore form's box that also brings back the version's publication.
RESTORE_PUBLICATION = "_restore_publication"
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


@dataclass
class FieldChange:
    """One field saved differently in two versions, as an editor reads it."""

    field: models.Field
    before: str
    after: str
    # The text's difference: ("same" | "ins" | "del", text) in reading order.
    segments: list[tuple[str, str]]

    @property
    def label(self) -> str:
        return field_label(str(capfirst(self.field.verbose_name)))


def editor_fields(model) -> list[models.Field]:
    """The fields an editor writes: not the key, the save stamps, the search
    index, nor the original column a translated field mirrors."""
    return [
        field
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.editable
        and field.name not in UNSHOWN_FIELDS
        and not _mirrors_a_translation(model, field.name)
    ]


class _RichTextReader(HTMLParser):
    """The text of a rich-text body, paragraph by paragraph, images by their
    description."""

    BLOCKS = {"p", "li", "h2", "h3", "h4", "blockquote", "tr", "figcaption", "hr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt") or ""
            self.parts.append(gettext("[image: %(alt)s]") % {"alt": alt})
        elif tag in {"td", "th"}:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        lines = "".join(self.parts).splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())


def rich_text_as_text(html: str) -> str:
    """What a reader reads in a rich-text body: its text, a line per paragraph."""
    reader = _RichTextReader()
    reader.feed(html)
    reader.close()
    return reader.text()


def shown_value(field: models.Field, value) -> str:
    """A stored value as the admin shows it, in the reader's language and time
    zone ("–" when empty)."""
    if value in (None, "", [], ()):
        return "–"
    if field.many_to_many or field.many_to_one or field.one_to_one:
        keys = value if field.many_to_many else [value]
        rows = field.related_model._default_manager.in_bulk(keys)
        return gettext(", ").join(
            str(rows[key])
            if key in rows
            else gettext("deleted (#%(key)s)") % {"key": key}
            for key in keys
        )
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(field, ProseEditorField):
        return rich_text_as_text(value) or "–"
    return str(value)


# A word of a spaced language, a run of spaces, or one character (a Chinese
# character, a punctuation mark): what an insertion or deletion is made of.
_TOKEN = re.compile(r"[^\W\u2e80-\u9fff\uf900-\ufaff]+|\s+|.", re.DOTALL)


def text_difference(before: str, after: str) -> list[tuple[str, str]]:
    """`after` against `before`, as ("same" | "ins" | "del", text) segments."""
    old, new = _TOKEN.findall(before), _TOKEN.findall(after)
    segments = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for kind, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if kind == "equal":
            segments.append(("same", "".join(old[old_start:old_end])))
            continue
        if kind in {"delete", "replace"}:
            segments.append(("del", "".join(old[old_start:old_end])))
        if kind in {"insert", "replace"}:
            segments.append(("ins", "".join(new[new_start:new_end])))
    return segments


def field_changes(model, before: dict, after: dict) -> list[FieldChange]:
    """The editor-written fields saved differently in two versions' field dicts
    (`Version.field_dict`), in the model's field order."""
    changes = []
    for field in editor_fields(model):
        name = field.name if field.many_to_many else field.attname
        if name not in after or before.get(name) == after[name]:
            continue
        then = shown_value(field, before.get(name))
        now = shown_value(field, after[name])
        if then == now:
            continue  # None and "", or times a second apart: nothing to read
        changes.append(FieldChange(field, then, now, text_difference(then, now)))
    return changes


def changes_between(instance, opened_version_id: int) -> list[tuple[str, str, str]]:
    """(field, then, now) for each field saved differently since the version an
    editor opened; empty when that version is unknown."""
    versions = Version.objects.get_for_object(instance)
    opened = versions.filter(pk=opened_version_id).first()
    latest = versions.first()
    if opened is None or latest is None or latest.pk == opened.pk:
        return []
    return [
        (
            change.label,
            Truncator(change.before).chars(120),
            Truncator(change.after).chars(120),
        )
        for change in field_changes(
            type(instance), opened.field_dict, latest.field_dict
        )
    ]


# The comment of a version kept of a row's state from before any admin save: the
# admin's own "Added." message, so that the history reads it in each language.
FIRST_VERSION_COMMENT = json.dumps([{"added": {}}])


def keep_first_versions(queryset: models.QuerySet) -> int:
    """Keep a version of each row of `queryset` that has none yet (made by the
    demo loader, an import, the shell or a migration), holding its state as it
    is now; return how many were kept. Rows with a version are left alone."""
    model = queryset.model
    if not reversion.is_registered(model):
        return 0
    versioned = Version.objects.get_for_model(model).values("object_id")
    missing = (
        queryset.order_by()
        .annotate(version_key=Cast("pk", models.CharField()))
        .exclude(version_key__in=Subquery(versioned))
    )
    kept = 0
    for obj in missing.iterator(chunk_size=500):
        with reversion.create_revision():
            reversion.set_comment(FIRST_VERSION_COMMENT)
            reversion.add_to_revision(obj)
        kept += 1
    return kept


def keep_all_first_versions() -> int:
    """`keep_first_versions` for every row of every model the admin versions."""
    return sum(
        keep_first_versions(model._default_manager.all())
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, VersionedAdmin)
    )


class EditTokenForm(forms.ModelForm):
    """A model form that refuses to save over a newer save than it was opened at."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Off while restoring a version: the editor chose that version on purpose.
    guards_stale_saves = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[EDIT_TOKEN].initial = edit_token(self.instance)

    @property
    def changed_data(self):
        # The token moves on every save; it is no field an editor changed.
        return [name for name in super().changed_data if name != EDIT_TOKEN]

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
        return render_to_string(
            "admin/versions/_stale_message.html",
            {
                "who": who.get_username() if who else _("someone else"),
                "when": when.strftime("%Y-%m-%d %H:%M:%S"),
                "changes": changes,
            },
        )


class VersionedAdmin(CompareVersionAdmin):
    """History, side-by-side compare, restore, recover deleted, and the stale-save
    guard. Its form must be an `EditTokenForm` (the default here)."""

    form = EditTokenForm
    history_latest_first = True
    compare_exclude = sorted(UNSHOWN_FIELDS)
    object_history_template = "admin/versions/object_history.html"
    compare_template = "admin/versions/compare.html"
    revision_form_template = "admin/versions/revision_form.html"
    recover_form_template = "admin/versions/recover_form.html"

    def publication_fields(self) -> list[str]:
        """What a restore leaves as it is now unless the editor asks: whether and
        when the row is public (restoring text must not unpublish a release)."""
        if issubclass(self.model, Scheduled):
            return ["status", self.model.publication_time_field]
        return []

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment_from(entry)
        return entry

    def log_change(self, request, obj, message):
        restored = getattr(request, "restoring_version", None)
        if isinstance(restored, Version):
            # The restore form starts from the old version, so the admin would
            # log "No fields changed": say what happened, on the object itself.
            message = restored_message(restored)
        entry = super().log_change(request, obj, message)
        self._comment_from(entry)
        return entry

    @staticmethod
    def _comment_from(entry) -> None:
        # The admin's structured message, not its text: the history then reads
        # "Changed title" or "已修改 标题" in each reader's language.
        if reversion.is_active() and entry.change_message:
            reversion.set_comment(entry.change_message)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        key = unquote(object_id)
        if request.method == "POST" and is_usable_key(self.model._meta.pk, key):
            # Before this save's revision opens: what the row was before its
            # first admin save is kept, whatever made it.
            keep_first_versions(self.model._default_manager.filter(pk=key))
        return super().change_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST:
            # The list's editable columns save the rows posted back.
            keys = [
                value
                for name, value in request.POST.items()
                if name.startswith("form-") and name.endswith("-id")
            ]
            pk = self.model._meta.pk
            keep_first_versions(
                self.model._default_manager.filter(
                    pk__in=[key for key in keys if is_usable_key(pk, key)]
                )
            )
        return super().changelist_view(request, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "restoring_version", False):
            return type(form)(form.__name__, (form,), {"guards_stale_saves": False})
        return form

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion looks the version up by its id and the row's key
        # alone: a version of another model's row with the same key would be
        # restored through this admin's rights. Only this object's own versions,
        # by someone who may change this object.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(
            Version.objects.get_for_object(obj).select_related("revision"),
            pk=version_id,
        )
        request.restoring_version = version
        kept = {name: getattr(obj, name) for name in self.publication_fields()}
        then = {name: version.field_dict.get(name) for name in kept}
        if request.POST.get(RESTORE_PUBLICATION):
            request.publication_on_restore = then
        else:
            request.publication_on_restore = kept
        now_shown = self._describe_publication(kept)
        then_shown = self._describe_publication(then)
        context = {
            "publication_now": now_shown,
            "publication_then": then_shown,
            "publication_differs": now_shown != then_shown,
            "restore_publication_field": RESTORE_PUBLICATION,
            **(extra_context or {}),
        }
        return super().revision_view(request, object_id, version_id, context)

    def _describe_publication(self, values: dict) -> str:
        parts = []
        for name, value in values.items():
            field = self.model._meta.get_field(name)
            if field.choices:
                shown = dict(field.flatchoices).get(value, value)
            elif isinstance(value, datetime.datetime):
                shown = formats.date_format(
                    timezone.localtime(value), "DATETIME_FORMAT"
                )
            else:
                shown = value
            parts.append(
                gettext("%(field)s: %(value)s")
                % {"field": capfirst(field.verbose_name), "value": shown}
            )
        return gettext("; ").join(parts)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        # django-reversion has put the whole version back by now; the form then
        # opens (and saves) the publication chosen in `revision_view`.
        publication = getattr(request, "publication_on_restore", None)
        if obj is not None and publication:
            for name, value in publication.items():
                setattr(obj, name, value)
        return obj

    def save_model(self, request, obj, form, change):
        publication = getattr(request, "publication_on_restore", None)
        if publication and request.POST.get(RESTORE_PUBLICATION):
            for name, value in publication.items():
                setattr(obj, name, value)
        super().save_model(request, obj, form, change)

    def render_change_form(self, request, context, *args, **kwargs):
        nonce = getattr(request, "csp_nonce", None)
        media = context.get("media")
        restoring = getattr(request, "restoring_version", None)
        if restoring and nonce is not None and hasattr(media, "with_nonce"):
            # django-reversion renders the restore form inside its transaction,
            # before FormMediaNonceMiddleware could hand the editor's import map
            # the page's nonce: without it the CSP stops the editor.
            context["media"] = media.with_nonce(nonce)
        return super().render_change_form(request, context, *args, **kwargs)

    def recover_view(self, request, version_id, extra_context=None):
        # Only a deleted row of this admin's model (django-reversion takes any
        # version id); bringing it back is adding it, then saving it.
        if not (
            self.has_add_permission(request) and self.has_change_permission(request)
        ):
            raise PermissionDenied
        request.restoring_version = get_object_or_404(
            Version.objects.get_deleted(self.model).select_related("revision"),
            pk=version_id,
        )
        return super().recover_view(request, version_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        # Two versions show what the history shows: the same right is needed.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        # django-reversion-compare's own title has no Chinese.
        title = gettext("Compare two versions of “%(name)s”") % {"name": obj}
        return super().compare_view(
            request, object_id, {"title": title, **(extra_context or {})}
        )

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
        """Each editor-written field that changed, with both versions' values as
        text and the difference marked; an inline's rows (an enterprise's
        certificates) as django-reversion-compare lists them."""
        diff, has_unfollowed_fields = super().compare(obj, version1, version2)
        own = {field.name for field in obj._meta.get_fields() if field.concrete}
        own |= {field.name for field in obj._meta.many_to_many}
        changes = [
            {"field": change.field, "change": change}
            for change in field_changes(
                type(obj), version1.field_dict, version2.field_dict
            )
        ]
        followed = [
            entry for entry in diff if getattr(entry["field"], "name", None) not in own
        ]
        return changes + followed, has_unfollowed_fields


def restored_message(version: Version) -> str:
    """The admin's log message for a save that restored `version`."""
    saved = timezone.localtime(version.revision.date_created)
    return gettext("Restored the version saved at %(time)s.") % {
        "time": formats.date_format(saved, "DATETIME_FORMAT")
    }


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
