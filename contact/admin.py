import csv

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cluster_cms.admin import SiteModelAdmin

from .models import Message
from .services import NotForwardable, message_forward

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


@admin.register(Message)
class MessageAdmin(SiteModelAdmin):
    list_display = [
        "created_at",
        "name",
        "company",
        "status",
        "excerpt",
        "about_link",
        "forwarded_at",
    ]
    list_display_links = ["created_at", "name"]
    list_filter = ["status", "created_at", SourceFilter]
    search_fields = ["name", "email", "company", "body"]
    date_hierarchy = "created_at"
    list_select_related = ["content_type"]
    actions = [
        "mark_read",
        "mark_replied",
        "mark_spam",
        "mark_archived",
        "forward_to_firm",
        "export_csv",
    ]
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
        "about_link",
        "client_address",
        "user_agent",
        "language",
        "forwarded_to",
        "forwarded_at",
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
        (
            _("Handling"),
            {"fields": ["status", "staff_note", "forwarded_to", "forwarded_at"]},
        ),
        (
            _("Where it came from"),
            {
                "fields": [
                    "about_link",
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

    @admin.display(description=_("message"))
    def excerpt(self, message):
        return message.excerpt()

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
                ngettext(
                    "%(count)d message forwarded to its firm.",
                    "%(count)d messages forwarded to their firms.",
                    forwarded,
                )
                % {"count": forwarded},
                messages.SUCCESS,
            )

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
            "forwarded_to",
        ]
        writer.writerow(
            [Message._meta.get_field(name).verbose_name for name in fields]
            + [_("about")]
        )
        # Prefetching needs whole batches: iterator() without a chunk size
        # would fetch each message's firm on its own.
        messages_in_order = queryset.order_by("created_at", "pk").prefetch_related(
            "about"
        )
        for message in messages_in_order.iterator(chunk_size=500):
            row = []
            for name in fields:
                value = getattr(message, name)
                if name == "created_at":
                    value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
                elif name == "status":
                    value = message.get_status_display()
                row.append(_csv_cell(value))
            row.append(_csv_cell(message.about or ""))
            writer.writerow(row)
        return response
