"""What the site adds to django-tasks' database queue: retries, lost tasks, a summary.

Tasks are written with the framework's own `@task()` (`django_tasks` on Django
5.2, `django.tasks` from Django 6 on: only that import changes) and stored by
django-tasks-db, whose worker (`manage.py run_worker`, background/worker.py)
claims each under a row lock, so any number of workers on any machines share
one queue and never run a task twice at once.
"""

import datetime
from collections.abc import Callable, Sequence
from traceback import format_exception
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from .models import WorkerReport

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


def backoff(
    *, first: float, longest: float, total: float
) -> tuple[datetime.timedelta, ...]:
    """Delays doubling from `first` up to `longest`, adding up to `total` at least."""
    delays, delay = [], first
    while sum(delays) < total:
        delays.append(delay)
        delay = min(delay * 2, longest)
    return tuple(datetime.timedelta(seconds=seconds) for seconds in delays)


def retried(delays: Sequence[datetime.timedelta]) -> Callable:
    """Mark a task function to run again after each delay in turn when it raises.

    Put it under `@task()`. Only once the delays are used up is the task
    failed for good (kept with its error; "Run again" in the admin).
    """

    def mark(function: Callable) -> Callable:
        function.retry_delays = tuple(delays)
        return function

    return mark


def retry_delays(result: DBTaskResult) -> tuple[datetime.timedelta, ...]:
    try:
        return getattr(result.task.func, "retry_delays", ())
    except Exception:  # the task's code is gone or broken: nothing to retry
        return ()


def next_retry_at(result: DBTaskResult) -> datetime.datetime | None:
    """When a task that just failed runs again, or None when it has failed for good.

    Each attempt adds its worker's id to `worker_ids`, so their number counts tries.
    """
    delays = retry_delays(result)
    attempts = len(result.worker_ids)
    if attempts > len(delays):
        return None
    return timezone.now() + delays[attempts - 1]


def schedule_retry(result: DBTaskResult, error: BaseException, at) -> None:
    """Put a failed attempt back in the queue, keeping its error to show staff."""
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=READY, run_after=at, finished_at=None, **error_fields(error)
    )


def error_fields(error: BaseException) -> dict[str, str]:
    """The error as django-tasks-db stores it on a failed task."""
    return {
        "exception_class_path": f"{type(error).__module__}.{type(error).__qualname__}",
        "traceback": "".join(format_exception(error)),
    }


def report(
    worker_id: str, *, hostname: str, pid: int, started_at, seen_at, task_id
) -> None:
    """Record that this worker is alive, and which task it runs (None: none).

    `seen_at` must be taken before the worker's task is read: the report then
    says what the worker was running at `seen_at` or later.
    """
    WorkerReport.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": hostname[:255],
            "pid": pid,
            "started_at": started_at,
            "last_seen_at": seen_at,
            "task_id": task_id,
        },
    )


def lost_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.CLUSTER_WORKER_LOST_AFTER)


def settling_time() -> datetime.timedelta:
    """How long a worker may take between claiming a task and saying it runs it.

    The claim is stamped a moment before the worker records the task as its
    own, so a report made in that moment says it runs nothing; a report this
    much later than the claim is believed.
    """
    return lost_after() / 4


def is_lost(result: DBTaskResult, reports: dict[str, WorkerReport]) -> bool:
    """Whether nobody works on a RUNNING task any more: its worker stopped
    reporting (killed, machine lost), or reports that it runs something else
    (it gave up on it when the database went away while finishing it, or it
    was restarted under the same worker id)."""
    report = reports.get(result.worker_ids[-1]) if result.worker_ids else None
    if report is None:
        return True
    return (
        report.task_id != result.pk
        and report.last_seen_at > result.started_at + settling_time()
    )


def requeue_lost_tasks() -> int:
    """Hand tasks that nobody works on any more (is_lost) back to the queue.

    A task's effect must therefore be safe to run again: each task here does its
    work and marks it done in one transaction, so a re-run finds it done, or
    claims an effect that must not happen twice first (background.once).
    A task that loses its worker again and again fails for good instead.
    """
    reports = {
        report.worker_id: report
        for report in WorkerReport.objects.filter(
            last_seen_at__gte=timezone.now() - lost_after()
        ).only("worker_id", "last_seen_at", "task_id")
    }
    requeued = 0
    for result in DBTaskResult.objects.running().only(
        "pk", "worker_ids", "started_at", "task_path"
    ):
        if not is_lost(result, reports):
            continue
        # The same start time: nobody has requeued and claimed it meanwhile.
        still_lost = DBTaskResult.objects.filter(
            pk=result.pk, status=RUNNING, started_at=result.started_at
        )
        limit = settings.CLUSTER_TASK_MAX_LOST_WORKERS + len(retry_delays(result))
        if len(result.worker_ids) >= limit:
            lost = RuntimeError(
                f"Its worker stopped {len(result.worker_ids)} times while running it."
            )
            still_lost.update(
                status=FAILED, finished_at=timezone.now(), **error_fields(lost)
            )
        else:
            requeued += still_lost.update(status=READY)
    return requeued


@transaction.atomic
def run_again(results) -> int:
    """Queue failed tasks once more, now (the admin's "Run again")."""
    return results.filter(status=FAILED).update(
        status=READY,
        run_after=get_date_max(),
        started_at=None,
        finished_at=None,
        worker_ids=[],
    )


def summary() -> dict[str, Any]:
    """What the admin index shows superusers: the queue and the workers' last report."""
    now = timezone.now()
    counts = DBTaskResult.objects.aggregate(
        waiting=Count("pk", filter=Q(status=READY)),
        retrying=Count("pk", filter=Q(status=READY) & ~Q(traceback="")),
        due=Count(
            "pk",
            filter=Q(status=READY)
            & (Q(run_after=get_date_max()) | Q(run_after__lte=now)),
        ),
        running=Count("pk", filter=Q(status=RUNNING)),
        failed=Count("pk", filter=Q(status=FAILED)),
    )
    workers = WorkerReport.objects.aggregate(
        last_report=Max("last_seen_at"),
        alive=Count("pk", filter=Q(last_seen_at__gte=now - lost_after())),
    )
    return counts | workers
