"""Cached directory figures, dropped whenever an editor changes the directory.

Counting 10,000 enterprises for every facet costs tens of milliseconds; the counts
only change when the directory does. Every cached entry is keyed on a version that
changes on each edit, so no edit waits for a timeout to show.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from cluster_cms import page_cache

logger = logging.getLogger(__name__)
VERSION_KEY = "enterprises:version"


def directory_version() -> str:
    """The current version; a random one, so no two databases ever share it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    except Exception:
        # A cache outage must not turn an editor's save into an error.
        logger.warning("Could not drop the directory's cached figures.", exc_info=True)


def bump_directory_version(**kwargs) -> None:
    """Forget every cached figure (a signal receiver, and called after bulk edits).

    Once now, and again at commit: a page read while the edit was still
    uncommitted may have cached the old figures under the first new version.
    """
    _new_version()
    transaction.on_commit(_new_version)
    page_cache.invalidate()  # whole pages that show the directory, too


def cached(name: str, parts: Any, compute: Callable[[], Any]) -> Any:
    """The value of `compute()` for `parts` at the directory's current version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    try:
        key = f"enterprises:{name}:{directory_version()}:{digest}"
        value = cache.get(key)
    except Exception:
        # Without the cache (Redis restarting, a full disk) count afresh: slower,
        # but the pages stay up.
        logger.warning("Directory cache unavailable; counting.", exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.CLUSTER_DIRECTORY_CACHE_SECONDS)
        except Exception:
            logger.warning("Directory cache unavailable; not kept.", exc_info=True)
    return value
