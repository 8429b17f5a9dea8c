from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class WorkerReport(models.Model):
    """The last sign of life of one task worker process.

    Workers report every few seconds; a task left running by a worker that
    stopped reporting is handed to another (background.queue.requeue_lost_tasks).
    """

    worker_id = models.CharField(_("worker id"), max_length=64, unique=True)
    hostname = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last report"), db_index=True)

    class Meta:
        ordering = ["-last_seen_at"]
        get_latest_by = "last_seen_at"
        verbose_name = _("worker report")
        verbose_name_plural = _("worker reports")

    def __str__(self):
        return f"{self.hostname}:{self.pid}"


class QueuedTask(DBTaskResult):
    """django-tasks-db's task rows under our names, which the Chinese admin
    translates (the library's own labels have no Chinese catalogue)."""

    class Meta:
        proxy = True
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self):
        return f"{self.task_name} ({self.id})"
