"""Mail the supplier area sends, from task workers (background/).

While the mail server fails, each is tried again for more than a day; each
service marks its row in the transaction that hands the mail over, so no one
is mailed twice.
"""

from django_tasks import task

from background.queue import backoff, retried

RETRIES = backoff(first=60, longest=3600, total=25 * 3600)


@task()
@retried(RETRIES)
def send_claim_link(*, claim_id: int, site_url: str = "", language: str = "") -> bool:
    """Mail a claim's confirmation link to the firm's published address."""
    from . import services

    return services.send_claim_link(
        claim_id=claim_id, site_url=site_url, language=language
    )


@task()
@retried(RETRIES)
def announce_claim(*, claim_id: int, site_url: str = "") -> bool:
    """Tell staff, the firm's representatives or the claimant of a claim."""
    from . import services

    return services.announce_claim(claim_id=claim_id, site_url=site_url)


@task()
@retried(RETRIES)
def announce_change(*, change_id: int, site_url: str = "") -> bool:
    """Tell the directory editors that a listing change waits for them."""
    from . import services

    return services.announce_change(change_id=change_id, site_url=site_url)


@task()
@retried(RETRIES)
def announce_decision(*, change_id: int, site_url: str = "") -> bool:
    """Tell a firm's representatives what the editors decided on their change."""
    from . import services

    return services.announce_decision(change_id=change_id, site_url=site_url)


@task()
@retried(RETRIES)
def notify_firm(*, inquiry_id: int, site_url: str = "") -> bool:
    """Tell a firm's representatives that an inquiry arrived."""
    from . import services

    return services.inquiry_notify_firm(inquiry_id=inquiry_id, site_url=site_url)
