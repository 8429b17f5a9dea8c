"""How often one client may leave a message or draw a code, counted exactly.

A client is an IPv4 address or an IPv6 /64 (core.client_address). Counts
live in the database (ClientQuota): the row of a client is locked while it is
counted, and on SQLite every write transaction takes the database's write lock
at BEGIN (settings), so of any number of racing requests exactly the limit get
through, on one server or many.
"""

import datetime
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import ClientQuota


@dataclass(frozen=True)
class Limit:
    action: str
    limit_setting: str
    window_setting: str

    @property
    def limit(self) -> int:
        return getattr(settings, self.limit_setting)

    @property
    def window(self) -> int:
        return getattr(settings, self.window_setting)


MESSAGES = Limit("message", "CLUSTER_MESSAGE_RATE_LIMIT", "CLUSTER_MESSAGE_RATE_WINDOW")
CODES = Limit("code", "CLUSTER_CODE_RATE_LIMIT", "CLUSTER_CODE_RATE_WINDOW")


def _network(network: str | None) -> str:
    return network or "unknown"


def _free_at(stamps: list[float], limit: Limit) -> datetime.datetime | None:
    """When the next action is allowed, given the stamps inside the window."""
    if len(stamps) < limit.limit:
        return None
    # The window slides: a slot frees when the oldest counted action ages out.
    oldest_counted = stamps[len(stamps) - limit.limit]
    return datetime.datetime.fromtimestamp(
        oldest_counted + limit.window, tz=datetime.UTC
    )


def _recent(stamps: list[float], limit: Limit, now: float) -> list[float]:
    return sorted(stamp for stamp in stamps if stamp > now - limit.window)


def retry_after(limit: Limit, network: str | None) -> datetime.datetime | None:
    """When this client may act again, or None if it may now (reads, locks nothing)."""
    quota = ClientQuota.objects.filter(
        action=limit.action, network=_network(network)
    ).first()
    stamps = _recent(quota.stamps if quota else [], limit, time.time())
    return _free_at(stamps, limit)


def _locked_quota(limit: Limit, network: str) -> ClientQuota:
    lookup = {"action": limit.action, "network": network}
    locked = ClientQuota.objects.select_for_update()
    try:
        return locked.get(**lookup)
    except ClientQuota.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            return ClientQuota.objects.create(**lookup, updated_at=timezone.now())
    except IntegrityError:
        # Another request created it meanwhile; wait for its lock.
        return locked.get(**lookup)


def take(limit: Limit, network: str | None) -> datetime.datetime | None:
    """Count one action of this client, if the limit allows it.

    Returns None when counted, else when the client may act again. Call it
    inside the transaction that does the action, so the lock holds until then.
    """
    now = time.time()
    with transaction.atomic(savepoint=False):
        quota = _locked_quota(limit, _network(network))
        stamps = _recent(quota.stamps, limit, now)
        refused_until = _free_at(stamps, limit)
        if refused_until is None:
            stamps.append(now)
        quota.stamps = stamps
        quota.updated_at = timezone.now()
        quota.save(update_fields=["stamps", "updated_at"])
        # Clients whose whole window has passed are forgotten as others act,
        # so the table holds only those active lately.
        ClientQuota.objects.filter(
            action=limit.action,
            updated_at__lt=timezone.now() - datetime.timedelta(seconds=limit.window),
        ).delete()
    return refused_until
