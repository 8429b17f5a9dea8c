from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from import_export.formats.base_formats import CSV, XLSX

from cluster_cms.admin import SiteModelAdmin, update_action

from .models import VISITOR_FIELDS, Message
from .resources import MessageResource
from .services import NotForwardable, message_forward

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


@admin.register(Message)
class MessageAdmin(SiteModelAdmin):
    list_display = [
        "created_at",
        "name",
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

    @admin.display(description=_("message"))
    def excerpt(self, message):
        return message.excerpt()

    @admin.display(description=_("staff notified"), ordering="staff_notified_at")
    def staff_notified(self, message):
        """When staff were emailed; else why not yet."""
        if message.staff_notified_at is not None:
            return date_format(
                timezone.localtime(message.staff_notified_at), "DATETIME_FORMAT"
            )
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

    def get_queryset(self, request):
        # The firm (or release) of every row in one query per kind, not per row.
        return super().get_queryset(request).prefetch_related("about")

    @admin.display(description=_("about"))
    def about_link(self, message):
        about = message.about
        if about is None:
            return "-"
        url = getattr(about, "get_absolute_url", None)
        if url is None:
            return str(about)
        return format_html('<a href="{}">{}</a>', url(), about)

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
        return self._export(queryset, CSV())

    @admin.action(
        description=_("Export as Excel workbook (.xlsx)"), permissions=["view"]
    )
    def export_xlsx(self, request, queryset):
        return self._export(queryset, XLSX())

    def _export(self, queryset, file_format) -> HttpResponse:
        # The firm of every message in one query per kind, not one per row.
        dataset = MessageResource().export(
            queryset.order_by("created_at", "pk").prefetch_related("about")
        )
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
