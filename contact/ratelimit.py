"""How many messages a client address may leave, counted in the shared cache."""

import datetime
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(address: str | None) -> str:
    digest = hashlib.sha256((address or "unknown").encode()).hexdigest()[:32]
    return f"cluster:message-rate:{digest}"


def _recent(address: str | None, now: float) -> list[float]:
    window = settings.CLUSTER_MESSAGE_RATE_WINDOW
    try:
        stamps = cache.get(_key(address)) or []
    except Exception:
        # A spam brake must not cost a real message: without the cache, let it in.
        logger.exception("Could not read the message rate limit.")
        stamps = []
    return sorted(stamp for stamp in stamps if stamp > now - window)


def retry_after(address: str | None) -> datetime.datetime | None:
    """When this address may leave a message again, or None if it may now."""
    now = time.time()
    stamps = _recent(address, now)
    limit = settings.CLUSTER_MESSAGE_RATE_LIMIT
    if len(stamps) < limit:
        return None
    # The window slides: a slot frees when the oldest counted message ages out.
    free_at = stamps[len(stamps) - limit] + settings.CLUSTER_MESSAGE_RATE_WINDOW
    return datetime.datetime.fromtimestamp(free_at, tz=datetime.UTC)


def record(address: str | None) -> None:
    """Count one message against this address."""
    now = time.time()
    window = settings.CLUSTER_MESSAGE_RATE_WINDOW
    stamps = _recent(address, now)[-settings.CLUSTER_MESSAGE_RATE_LIMIT :]
    # A read-modify-write: two processes racing may both pass at the limit's edge,
    # which a spam brake can live with; Redis (CACHE_URL) narrows the gap.
    try:
        cache.set(_key(address), [*stamps, now], timeout=window)
    except Exception:
        logger.exception("Could not count a message against the rate limit.")
