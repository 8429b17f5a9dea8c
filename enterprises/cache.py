"""Cached directory figures, dropped whenever an editor changes the directory.

Counting 10,000 enterprises for every facet costs tens of milliseconds; the counts
only change when the directory does. Every cached entry is keyed on a version that
changes on each edit, so no edit waits for a timeout to show.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "enterprises:version"


def directory_version() -> str:
    """The current version; a random one, so no two databases ever share it."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def bump_directory_version(**kwargs) -> None:
    """Forget every cached figure (a signal receiver, and called after bulk edits).

    Once now, and again at commit: a page read while the edit was still
    uncommitted may have cached the old figures under the first new version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def cached(name: str, parts: Any, compute: Callable[[], Any]) -> Any:
    """The value of `compute()` for `parts` at the directory's current version."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"enterprises:{name}:{directory_version()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.CLUSTER_DIRECTORY_CACHE_SECONDS)
    return value
