"""Review mails, sent by task workers (background/)."""

from django_tasks import task

from background.queue import backoff, retried

from . import services


@task()
@retried(backoff(first=60, longest=3600, total=25 * 3600))
def send_notice(*, notice_id: int, site_url: str = "") -> bool:
    """Mail one review notice; while the mail server fails, try again for a day."""
    return services.send_notice(notice_id=notice_id, site_url=site_url)
