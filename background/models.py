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
    # The task the worker was running when it reported (None: none); a task
    # left RUNNING under a worker that runs something else is handed back.
    task_id = models.UUIDField(_("running task"), null=True, blank=True)

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


class OnceOnly(models.Model):
    """A side effect (a mail) claimed before it is done, so it is never done twice
    (background.once)."""

    key = models.CharField(_("what"), max_length=200, unique=True)
    started_at = models.DateTimeField(_("started at"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        get_latest_by = "started_at"
        verbose_name = _("once-only action")
        verbose_name_plural = _("once-only actions")

    def __str__(self):
        return self.key
