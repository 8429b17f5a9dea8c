"""Daily work of the site's building blocks that task workers do (background/)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from .kept_uploads import delete_stale_kept_uploads
from .versions import purge_deleted_versions


@task()
def forget_old_deleted_rows() -> int:
    """Daily: releases, pages and enterprises deleted more than
    CLUSTER_RECOVERY_DAYS ago can no longer be recovered."""
    return purge_deleted_versions(
        deleted_before=timezone.now()
        - datetime.timedelta(days=settings.CLUSTER_RECOVERY_DAYS)
    )


@task()
def purge_kept_uploads() -> int:
    """Daily: files put aside by failed saves, once their token has expired."""
    return delete_stale_kept_uploads()
