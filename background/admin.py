from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from . import queue
from .models import WorkerReport

admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(DBTaskResultAdmin):
    """The queue, read-only, where a failed task can be run again."""

    list_display = [
        "task_name",
        "status",
        "attempts",
        "enqueued_at",
        "run_after_shown",
        "finished_at",
        "last_error",
    ]
    list_filter = ["status", "queue_name"]
    search_fields = ["task_path", "exception_class_path"]
    actions = ["run_again"]

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("attempts"))
    def attempts(self, result):
        return len(result.worker_ids)

    @admin.display(description=_("runs after"))
    def run_after_shown(self, result):
        return self.display_run_after(result)

    @admin.display(description=_("last error"))
    def last_error(self, result):
        lines = result.traceback.strip().splitlines()
        return lines[-1][:200] if lines else "-"

    @admin.action(description=_("Run the selected failed tasks again"))
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


@admin.register(WorkerReport)
class WorkerReportAdmin(admin.ModelAdmin):
    list_display = ["hostname", "pid", "worker_id", "started_at", "last_seen_at"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
