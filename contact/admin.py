import json

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from core.admin import SiteModelAdmin, update_action
from core.spreadsheets import TextOnlyCSV, TextOnlyXLSX

from .models import VISITOR_FIELDS, Message
from .resources import MessageResource
from .services import (
    NotForwardable,
    message_forward,
    personal_data_erase,
    personal_data_export,
    personal_data_messages,
)

# Where a message came from, as the site recorded it.
ORIGIN_FIELDS = ["page_url", "source", "client_address", "user_agent", "language"]
STATUS_ACTIONS = {
    Message.Status.READ: _("Mark as read"),
    Message.Status.REPLIED: _("Mark as replied"),
    Message.Status.SPAM: _("Mark as spam"),
    Message.Status.ARCHIVED: _("Archive"),
}
MESSAGES_FORWARDED = ngettext_lazy(
    "%(count)d message forwarded to its firm.",
    "%(count)d messages forwarded to their firms.",
    "count",
)
MESSAGES_NOW = ngettext_lazy(
    "%(count)d message is now “%(status)s”.",
    "%(count)d messages are now “%(status)s”.",
    "count",
)


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
    who = forms.CharField(
        label=_("The visitor's email address or phone number"), max_length=254
    )

    def clean_who(self) -> str:
        who = self.cleaned_data["who"].strip()
        if "@" in who:
            validate_email(who)
        elif not any(char.isdigit() for char in who):
            raise forms.ValidationError(
                _("Enter an email address or a phone number."), code="invalid"
            )
        return who


def _json_download(data, filename: str) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    # Spelled by Django: an address may hold non-ASCII letters, a number spaces.
    response["Content-Disposition"] = content_disposition_header(True, filename)
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
        "staff_notified",
        "forwarded_at",
    ]
    list_display_links = ["created_at", "name"]
    list_filter = ["status", "created_at", SourceFilter]
    search_fields = ["name", "email", "company", "body"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    change_list_template = "admin/contact/message/change_list.html"
    actions = [
        update_action(
            f"mark_{status}",
            description,
            MESSAGES_NOW,
            params={"status": status.label},
            level=messages.INFO,
            status=status,
        )
        for status, description in STATUS_ACTIONS.items()
    ] + ["forward_to_firm", "export_csv", "export_xlsx"]
    # What the visitor wrote, and what we recorded, is evidence: staff cannot edit it.
    readonly_fields = [
        "created_at",
        *VISITOR_FIELDS,
        *ORIGIN_FIELDS,
        "about_link",
        "staff_notified",
        "forwarded_to",
        "forwarded_at",
    ]
    fieldsets = [
        (_("From the visitor"), {"fields": ["created_at", *VISITOR_FIELDS]}),
        (
            _("Handling"),
            {
                "fields": [
                    "status",
                    "staff_notified",
                    "staff_note",
                    "forwarded_to",
                    "forwarded_at",
                ]
            },
        ),
        (_("Where it came from"), {"fields": ["about_link", *ORIGIN_FIELDS]}),
    ]

    def has_add_permission(self, request):
        # Messages come from visitors only.
        return False

    own_views = [("personal-data/", "personal_data_view", "personal_data")]

    def personal_data_view(self, request):
        """Find, export or erase everything stored about one email address or
        phone number; an erase shows what goes and asks once more."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = PersonalDataForm(request.POST or request.GET or None)
        messages_found = Message.objects.none()
        confirming = False
        if form.is_valid():
            who = form.cleaned_data["who"]
            messages_found = personal_data_messages(who=who).order_by("created_at")
            if "export" in form.data:
                return _json_download(
                    personal_data_export(who=who), f"personal-data-{who}.json"
                )
            if request.method == "POST" and "erase" in form.data:
                if not self.has_delete_permission(request):
                    raise PermissionDenied
                if form.data.get("confirmed") == "yes":
                    return self._erase(request, who)
                confirming = True
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("A visitor's personal data"),
            "form": form,
            "messages_found": messages_found,
            "confirming": confirming,
            "can_erase": self.has_delete_permission(request),
        }
        return TemplateResponse(
            request, "admin/contact/message/personal_data.html", context
        )

    def _erase(self, request, who: str):
        erased = personal_data_erase(who=who)
        self.message_user(
            request,
            ngettext(
                "Erased %(count)d message from %(who)s, and every log line about it.",
                "Erased %(count)d messages from %(who)s, and every log line about "
                "them.",
                erased,
            )
            % {"count": erased, "who": who},
            messages.SUCCESS,
        )
        return redirect("admin:contact_message_changelist")

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

    @admin.display(description=_("staff notified"), ordering="staff_notified_at")
    def staff_notified(self, message):
        """When staff were emailed; else why not yet, or that nobody knows."""
        if message.staff_notified_at is not None:
            return date_format(
                timezone.localtime(message.staff_notified_at), "DATETIME_FORMAT"
            )
        if not message.is_notification_recorded:
            return _("not recorded (received before notices were recorded)")
        if message.status == Message.Status.SPAM:
            return _("no (spam)")
        return _("not yet")

    @admin.display(description=_("source"))
    def source(self, message):
        if message.content_type is None:
            return message.page_url
        model = message.content_type.model_class()
        name = model._meta.verbose_name if model else message.content_type.model
        return f"{name} · {message.page_url}"

    @admin.action(
        description=_("Forward to the firm's published email"), permissions=["change"]
    )
    def forward_to_firm(self, request, queryset):
        forwarded = 0
        for message in queryset.order_by("created_at", "pk"):
            try:
                message_forward(message=message)
            except NotForwardable as reason:
                self.message_user(
                    request,
                    _("“%(message)s” was not forwarded: %(reason)s.")
                    % {"message": message, "reason": reason},
                    messages.WARNING,
                )
            else:
                forwarded += 1
        if forwarded:
            self.message_user(
                request,
                MESSAGES_FORWARDED % {"count": forwarded},
                messages.SUCCESS,
            )

    @admin.action(description=_("Export as CSV (opens in Excel)"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._export(queryset, TextOnlyCSV())

    @admin.action(
        description=_("Export as Excel workbook (.xlsx)"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        return self._export(queryset, TextOnlyXLSX())

    def _export(self, queryset, file_format) -> HttpResponse:
        # The firm of every message in one query per kind, not one per row.
        rows = queryset.order_by("created_at", "pk").prefetch_related("about")
        dataset = MessageResource().export(rows)
        content = file_format.export_data(dataset)
        content_type = file_format.get_content_type()
        if not file_format.is_binary():
            # The byte-order mark tells Excel (a Chinese Windows above all) it is
            # UTF-8.
            content = content.encode("utf-8-sig")
            content_type += "; charset=utf-8"
        response = HttpResponse(content, content_type=content_type)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        name = f"messages-{stamp}.{file_format.get_extension()}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
