"""Work for "Leave a message" that task workers do (background/)."""

from django_tasks import task

from background.queue import backoff, retried

from . import services


@task()
@retried(backoff(first=60, longest=3600, total=25 * 3600))
def notify_staff(*, message_id: int, site_url: str = "") -> bool:
    """Email staff about a new message; while the mail server fails, try again
    for more than a day (every minute at first, then up to hourly)."""
    return services.message_notify_staff(message_id=message_id, site_url=site_url)


@task()
def purge_old_messages() -> dict[str, int]:
    """Daily: messages past retention, old spam and expired codes go."""
    return services.messages_purge()


def queue_staff_notice(sender, message, site_url: str = "", **kwargs) -> None:
    """Receiver of `signals.message_received`: a worker tells staff, never the
    visitor's request."""
    notify_staff.enqueue(message_id=message.pk, site_url=site_url)
