"""The directory's version: what it caches is dropped whenever an editor edits it.

The facet index (facet_index.py) belongs to one version; a new version on each
edit means no edit waits for a timeout to show.
"""

import logging
import uuid

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


def _new_version() -> str | None:
    version = uuid.uuid4().hex
    try:
        cache.set(VERSION_KEY, version, None)
    except Exception:
        # A cache outage must not turn an editor's save into an error.
        logger.warning("Could not drop the directory's cached figures.", exc_info=True)
        return None
    return version


def _after_commit() -> None:
    """A new version, and the directory's index for it, once per transaction."""
    from .facet_index import indexed_version, store_index

    if indexed_version() == directory_version():
        return  # an earlier hook of the same commit indexed it already
    version = _new_version()
    if version is not None:
        # The editor's request pays the indexing, so that no visitor does.
        store_index(version)


def bump_directory_version(**kwargs) -> None:
    """Forget every cached figure (a signal receiver, and called after bulk edits).

    Once now, and again at commit: a page read while the edit was still
    uncommitted may have cached the old figures under the first new version.
    An import saving thousands of rows in one transaction indexes once, at commit.
    """
    _new_version()
    # Outside a transaction (a script saving row by row) the first reader indexes.
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_after_commit, robust=True)
    page_cache.invalidate()  # whole pages that show the directory, too
