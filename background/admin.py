import json
from collections.abc import Callable
from datetime import datetime

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import queue
from .models import OnceOnly, QueuedTask, WorkerReport

# The queue is shown under our names (QueuedTask), which the Chinese admin
# translates; the library's own admin would show its English labels.
admin.site.unregister(DBTaskResult)

STATUS_LABELS = {
    TaskResultStatus.READY: pgettext_lazy("task", "waiting"),
    TaskResultStatus.RUNNING: pgettext_lazy("task", "running"),
    TaskResultStatus.FAILED: pgettext_lazy("task", "failed"),
    TaskResultStatus.SUCCESSFUL: pgettext_lazy("task", "done"),
}


def _when(moment: datetime | None) -> str:
    """A moment as the admin shows dates, in the site's time zone."""
    if moment is None:
        return "-"
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _moment_column(field: str, description: str) -> Callable:
    """An admin column showing the moment in `field`, sorted by it."""

    @admin.display(description=description, ordering=field)
    def column(modeladmin, result) -> str:
        return _when(getattr(result, field))

    return column


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return list(STATUS_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() in STATUS_LABELS:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(QueuedTask)
class TaskAdmin(DBTaskResultAdmin):
    """The queue, read-only, where a failed task can be run again."""

    list_display = [
        "task",
        "status_shown",
        "attempts",
        "queued_at",
        "run_after_shown",
        "finished_at_shown",
        "last_error",
    ]
    list_filter = [StatusFilter]
    search_fields = ["task_path", "exception_class_path"]
    actions = ["run_again"]
    detail_fields = [
        "task",
        "status_shown",
        "attempts",
        "queued_at",
        "started_at_shown",
        "finished_at_shown",
        "run_after_shown",
        "priority_shown",
        "queue",
        "arguments",
        "return_value_shown",
        "error",
        "traceback_shown",
    ]

    def get_fields(self, request, obj=None):
        return self.detail_fields

    def get_readonly_fields(self, request, obj=None):
        return self.detail_fields

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_run_again_permission(self, request):
        """Queueing tasks again is the operators' (superusers') call."""
        return request.user.is_superuser

    @admin.display(description=_("task"), ordering="task_path")
    def task(self, result):
        return result.task_name

    @admin.display(description=_("status"), ordering="status")
    def status_shown(self, result):
        return STATUS_LABELS.get(result.status, result.status)

    @admin.display(description=_("attempts"))
    def attempts(self, result):
        return len(result.worker_ids)

    queued_at = _moment_column("enqueued_at", _("queued at"))
    started_at_shown = _moment_column("started_at", _("started at"))
    finished_at_shown = _moment_column("finished_at", _("finished at"))

    @admin.display(description=_("runs after"), ordering="run_after")
    def run_after_shown(self, result):
        run_after = self.display_run_after(result)
        return _when(run_after) if isinstance(run_after, datetime) else run_after

    @admin.display(description=_("priority"))
    def priority_shown(self, result):
        return result.priority

    @admin.display(description=_("queue"))
    def queue(self, result):
        return result.queue_name

    @admin.display(description=_("arguments"))
    def arguments(self, result):
        return json.dumps(result.args_kwargs, ensure_ascii=False)

    @admin.display(description=_("return value"))
    def return_value_shown(self, result):
        return json.dumps(result.return_value, ensure_ascii=False)

    @admin.display(description=_("error type"))
    def error(self, result):
        return result.exception_class_path

    @admin.display(description=_("traceback"))
    def traceback_shown(self, result):
        return self.formatted_traceback(result)

    @admin.display(description=_("last error"))
    def last_error(self, result):
        lines = result.traceback.strip().splitlines()
        return lines[-1][:200] if lines else "-"

    @admin.action(
        description=_("Run the selected failed tasks again"), permissions=["run_again"]
    )
    def run_again(self, request, queryset):
        count = queue.run_again(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed task is queued again.",
                "%(count)d failed tasks are queued again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class OperatorsRecordAdmin(admin.ModelAdmin):
    """What the workers record: read only, and for the operators (superusers)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(WorkerReport)
class WorkerReportAdmin(OperatorsRecordAdmin):
    list_display = ["hostname", "pid", "worker_id", "started_at", "last_seen_at"]
    readonly_fields = list_display


@admin.register(OnceOnly)
class OnceOnlyAdmin(OperatorsRecordAdmin):
    """Mails and other effects claimed before they were done (background.once).

    One started but never marked done may or may not have happened (the worker
    or the database went away meanwhile): it is not tried again, and staff
    check by hand, e.g. that the staff notice of a message arrived.
    """

    list_display = ["key", "started_at", "state"]
    list_filter = [("done_at", admin.EmptyFieldListFilter)]
    search_fields = ["key"]
    readonly_fields = ["key", "started_at", "done_at"]

    @admin.display(description=_("state"), ordering="done_at")
    def state(self, action):
        if action.done_at is not None:
            return _("done at %(moment)s") % {"moment": _when(action.done_at)}
        return _("started, not confirmed: check by hand")
