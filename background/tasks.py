import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .models import WorkerReport


@task()
def prune_finished_tasks() -> dict[str, int]:
    """Delete tasks that succeeded long ago and reports of long-gone workers."""
    before = timezone.now() - datetime.timedelta(
        days=settings.CLUSTER_TASK_RETENTION_DAYS
    )
    tasks, _ = DBTaskResult.objects.successful().filter(finished_at__lt=before).delete()
    workers, _ = WorkerReport.objects.filter(last_seen_at__lt=before).delete()
    return {"tasks": tasks, "worker_reports": workers}
