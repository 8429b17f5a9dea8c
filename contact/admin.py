import csv
import json

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cluster_cms.admin import SiteModelAdmin

from .models import Message
from .services import personal_data_erase, personal_data_export

# Excel runs a cell that starts with one of these as a formula; visitors type them.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SourceFilter(admin.SimpleListFilter):
    title = _("source")
    parameter_name = "source"

    def lookups(self, request, model_admin):
        used = Message.objects.exclude(content_type=None).values("content_type")
        return [("general", _("general (no particular page)"))] + [
            (str(content_type.pk), content_type.model_class()._meta.verbose_name)
            for content_type in ContentType.objects.filter(pk__in=used)
            if content_type.model_class() is not None
        ]

    def queryset(self, request, queryset):
        if self.value() == "general":
            return queryset.filter(content_type=None)
        # Only a source the filter offers: str.isdigit() also passes "²", which
        # is no number to the database.
        if self.value() in {value for value, _label in self.lookup_choices}:
            return queryset.filter(content_type_id=self.value())
        return queryset


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=_("The visitor's email address"))


def _json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(Message)
class MessageAdmin(SiteModelAdmin):
    list_display = [
        "created_at",
        "name",
        "email_link",
        "company",
        "status",
        "excerpt",
        "about_link",
    ]
    list_display_links = ["created_at", "name"]
    list_filter = ["status", "created_at", SourceFilter]
    search_fields = ["name", "email", "company", "body"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    change_list_template = "admin/contact/message/change_list.html"
    actions = ["mark_read", "mark_replied", "mark_spam", "mark_archived", "export_csv"]
    # What the visitor wrote, and what we recorded, is evidence: staff cannot edit it.
    readonly_fields = [
        "created_at",
        "name",
        "email",
        "phone",
        "company",
        "country",
        "body",
        "page_url",
        "source",
        "client_address",
        "user_agent",
        "language",
    ]
    fieldsets = [
        (
            _("From the visitor"),
            {
                "fields": [
                    "created_at",
                    "name",
                    "email",
                    "phone",
                    "company",
                    "country",
                    "body",
                ]
            },
        ),
        (_("Handling"), {"fields": ["status", "staff_note"]}),
        (
            _("Where it came from"),
            {
                "fields": [
                    "page_url",
                    "source",
                    "client_address",
                    "user_agent",
                    "language",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        # Messages come from visitors only.
        return False

    def get_urls(self):
        return [
            path(
                "personal-data/",
                self.admin_site.admin_view(self.personal_data_view),
                name="contact_message_personal_data",
            ),
            *super().get_urls(),
        ]

    def personal_data_view(self, request):
        """Find, export or erase everything stored about one email address."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PersonalDataForm(request.POST or request.GET or None)
        messages_found = Message.objects.none()
        if form.is_valid():
            email = form.cleaned_data["email"]
            messages_found = Message.objects.filter(email__iexact=email)
            if "export" in form.data:
                return _json_download(
                    personal_data_export(email=email), f"personal-data-{email}.json"
                )
            if request.method == "POST" and "erase" in form.data:
                if not self.has_delete_permission(request):
                    raise PermissionDenied
                erased = personal_data_erase(email=email)
                self.message_user(
                    request,
                    ngettext(
                        "Erased %(count)d message from %(email)s, and every log "
                        "line about it.",
                        "Erased %(count)d messages from %(email)s, and every log "
                        "line about them.",
                        erased,
                    )
                    % {"count": erased, "email": email},
                    messages.SUCCESS,
                )
                return redirect("admin:contact_message_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("A visitor's personal data"),
            "form": form,
            "messages_found": messages_found,
            "can_erase": self.has_delete_permission(request),
        }
        return TemplateResponse(
            request, "admin/contact/message/personal_data.html", context
        )

    def get_queryset(self, request):
        # The release or enterprise each message is about, a query per kind.
        return super().get_queryset(request).prefetch_related("about")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Opening a new message is reading it; the handler need not say so.
        if request.method == "GET" and self.has_change_permission(request):
            Message.objects.filter(
                pk__in=[object_id] if object_id.isdecimal() else [],
                status=Message.Status.NEW,
            ).update(status=Message.Status.READ, updated_at=timezone.now())
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("message"))
    def excerpt(self, message):
        return message.excerpt(words=40, chars=240)

    @admin.display(description=_("email"), ordering="email")
    def email_link(self, message):
        if not message.email:
            return "-"
        return format_html('<a href="mailto:{0}">{0}</a>', message.email)

    @admin.display(description=_("about"))
    def about_link(self, message):
        about = message.about
        if about is None or not hasattr(about, "get_absolute_url"):
            return "-"
        return format_html(
            '<a href="{}">{} · {}</a>',
            about.get_absolute_url(),
            about._meta.verbose_name,
            about,
        )

    @admin.display(description=_("source"))
    def source(self, message):
        if message.content_type is None:
            return message.page_url
        model = message.content_type.model_class()
        name = model._meta.verbose_name if model else message.content_type.model
        return f"{name} · {message.page_url}"

    def _set_status(self, request, queryset, status):
        changed = queryset.exclude(status=status).update(
            status=status, updated_at=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d message is now “%(status)s”.",
                "%(count)d messages are now “%(status)s”.",
                changed,
            )
            % {"count": changed, "status": Message.Status(status).label},
        )

    @admin.action(description=_("Mark as read"), permissions=["change"])
    def mark_read(self, request, queryset):
        self._set_status(request, queryset, Message.Status.READ)

    @admin.action(description=_("Mark as replied"), permissions=["change"])
    def mark_replied(self, request, queryset):
        self._set_status(request, queryset, Message.Status.REPLIED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Message.Status.SPAM)

    @admin.action(description=_("Archive"), permissions=["change"])
    def mark_archived(self, request, queryset):
        self._set_status(request, queryset, Message.Status.ARCHIVED)

    @admin.action(description=_("Export as CSV (opens in Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="messages-{stamp}.csv"'
        # The byte-order mark tells Excel (a Chinese Windows above all) it is UTF-8.
        response.write("\ufeff")
        writer = csv.writer(response)
        fields = [
            "created_at",
            "status",
            "name",
            "email",
            "phone",
            "company",
            "country",
            "body",
            "page_url",
            "language",
            "staff_note",
        ]
        writer.writerow([Message._meta.get_field(name).verbose_name for name in fields])
        rows = queryset.prefetch_related(None).order_by("created_at", "pk")
        for message in rows.iterator():
            row = []
            for name in fields:
                value = getattr(message, name)
                if name == "created_at":
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                elif name == "status":
                    value = message.get_status_display()
                row.append(_csv_cell(value))
            writer.writerow(row)
        return response
