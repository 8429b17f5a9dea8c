"""The task worker: django-tasks-db's, plus reports, lost-task recovery and retries."""

import logging
import os
import socket
import threading
import time

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker as DatabaseWorker
from django_tasks_db.models import DBTaskResult

from core.outage import database_is_unavailable

from . import queue

logger = logging.getLogger(__name__)


class Worker(DatabaseWorker):
    """Claims and runs tasks as django-tasks-db's worker does, and besides:

    - reports every few seconds (the admin index shows it), from a thread, so a
      long task does not look like a dead worker;
    - hands back tasks that nobody works on any more: their worker stopped
      reporting, or gave up on them (queue.requeue_lost_tasks);
    - puts a failed task marked `@retried(...)` back in the queue for later;
    - rides out a database outage: it waits and tries again instead of exiting.
    """

    outage_pause = 5.0

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self.stopped = threading.Event()
        # The task this worker runs now, told in each report: a task left
        # RUNNING under this worker's id that is not this one is handed back.
        self.task_id = None

    def run(self) -> None:
        reporter = threading.Thread(target=self.report_regularly, daemon=True)
        reporter.start()
        try:
            self.work()
        finally:
            self.stopped.set()

    def work(self) -> None:
        """Take tasks until stopped (or, in batch mode, until none is due)."""
        while True:
            try:
                self.report_and_recover()
                super().run()
                return
            except DatabaseError as error:
                if not self.running:
                    return
                # Only an outage is waited out; any other database error is a
                # bug that waiting would hide (and loop on for ever).
                if not database_is_unavailable(error):
                    raise
                logger.warning(
                    "The database does not answer; trying again in %s s.",
                    self.outage_pause,
                    exc_info=True,
                )
                time.sleep(self.outage_pause)
                # A connection the server cut (a restart) is never usable again.
                close_old_connections()

    def report_regularly(self) -> None:
        pause = max(0.5, queue.lost_after().total_seconds() / 4)
        try:
            while not self.stopped.wait(pause):
                try:
                    self.report_and_recover()
                except DatabaseError:
                    logger.warning("Could not report to the database.", exc_info=True)
                close_old_connections()
        finally:
            connection.close()

    def report_and_recover(self) -> None:
        seen_at = timezone.now()  # before the task is read: see queue.report
        queue.report(
            self.worker_id,
            hostname=socket.gethostname(),
            pid=os.getpid(),
            started_at=self.started_at,
            seen_at=seen_at,
            task_id=self.task_id,
        )
        if requeued := queue.requeue_lost_tasks():
            logger.warning("Requeued %d task(s) whose worker was lost.", requeued)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        try:
            self.running_task = True
            self.task_id = db_task_result.pk
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            arguments = (task_result.args, task_result.kwargs)
            if task.takes_context:
                value = task.call(
                    TaskContext(task_result=task_result), *arguments[0], **arguments[1]
                )
            else:
                value = task.call(*arguments[0], **arguments[1])
            db_task_result.set_successful(value)
            task_finished.send(
                sender=backend_type, task_result=db_task_result.task_result
            )
        except Exception as error:
            retry_at = queue.next_retry_at(db_task_result)
            if retry_at is not None:
                logger.warning(
                    "Task %s (%s) failed; it runs again at %s.",
                    db_task_result.pk,
                    db_task_result.task_path,
                    retry_at,
                    exc_info=True,
                )
                queue.schedule_retry(db_task_result, error, retry_at)
            else:
                logger.exception(
                    "Task %s (%s) failed for good.",
                    db_task_result.pk,
                    db_task_result.task_path,
                )
                db_task_result.set_failed(error)
                try:
                    task_finished.send(
                        sender=type(db_task_result.task.get_backend()),
                        task_result=db_task_result.task_result,
                    )
                except Exception:
                    logger.exception("Could not announce the failed task.")
        except BaseException:
            # Stopped by a second Ctrl-C or SIGTERM: the task's transaction rolled
            # back, so it goes back to the queue as it was, for any worker.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(status=queue.READY)
            raise
        finally:
            self.running_task = False
            self.task_id = None
            self._run_tasks += 1
