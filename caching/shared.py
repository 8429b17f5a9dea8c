"""Values built from the public rows that many pages read: the layout's
settings and menus, the order of the releases, the directory's index.

Each is built once per site version (caching.page_cache), kept in the `pages`
cache under that version, and in each process's memory, as the directory's
index is megabytes that a page could not unpickle each time (bench/pages.py:
"after an edit" holds them, "another process" loads them once).

After an edit, one process builds them (single flight: a lock taken with
`cache.add`): the process that served the edit claims the lock at commit and
builds them once its response is sent. Meanwhile every other process keeps
serving anonymous visitors at the version whose values it holds, cached pages
included; a process that holds none waits for the builder. While the cache is
down, each process builds them once per version, and its threads take turns.
"""

import gc
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import caches

from . import version as site_version

logger = logging.getLogger(__name__)
# How long a build may take before another process starts one too.
BUILD_SECONDS = 30
# How long the cache keeps a version's values: each process holds its own copy
# meanwhile, so this only bounds what old versions leave behind.
KEPT_SECONDS = 24 * 3600
# How often a process with no values to serve looks for the builder's.
WAIT_SECONDS = 0.05

_values: list["Shared"] = []
_building = threading.Lock()


class Shared:
    """A value many pages read, built by `build()` once per site version."""

    def __init__(self, name: str, build: Callable[[], Any]):
        self.name = name
        self.build = build
        # (version, value), replaced whole: the other threads see either.
        self._kept: tuple[str, Any] | None = None
        _values.append(self)

    def get(self) -> Any:
        """The value at the version the current request is served at."""
        kept = self._kept
        if kept is not None and site_version.serves_earlier():
            # Kept at the earlier version, or at the new one if it came since.
            return kept[1]
        version = site_version.current_version()
        if kept is None or kept[0] != version:
            prepare(version, [self])
            kept = self._kept
        return kept[1]

    def key(self, version: str) -> str:
        return f"shared:{self.name}:{version}"

    def forget(self) -> None:
        """Drop this process's copy (as a process that never held it)."""
        self._kept = None


def forget_all() -> None:
    """Drop this process's copy of every value (tests, benchmarks)."""
    for value in _values:
        value.forget()


def _held_version() -> str | None:
    """The version at which this process holds every value, if one."""
    versions = {value._kept[0] if value._kept else None for value in _values}
    return versions.pop() if len(versions) == 1 else None


def version_to_serve() -> str:
    """The version an anonymous visitor's page is served at: the site's, once
    this process holds its values; the one it holds while they are being
    built elsewhere or loaded here."""
    version = site_version.current_version()
    held = _held_version()
    if held is not None and held != version:
        # Another process builds the new values, or another thread of this
        # one loads them: serve what this process holds meanwhile.
        if _building.locked() or _is_being_built(version):
            site_version.serve_at(held)
            return held
        _previous[:] = [held]
    prepare(version)
    return version


def previous_version() -> str | None:
    """The version this process served before the current one, if any."""
    return _previous[0] if _previous else None


_previous: list[str] = []


def prepare(version: str, values: list[Shared] | None = None) -> None:
    """Hold every value (or these) at `version`: load it from the cache, or
    build it if no other process is building it, or wait for the process that is."""
    with _building:
        missing = [v for v in values or _values if not _kept_at(v, version)]
        waited = 0.0
        while missing:
            found = _cached(value.key(version) for value in missing)
            for value in missing:
                if value.key(version) in found:
                    value._kept = (version, found[value.key(version)])
            missing = [value for value in missing if not _kept_at(value, version)]
            if not missing:
                return
            if _take_build_lock(version) or waited >= BUILD_SECONDS:
                break
            time.sleep(WAIT_SECONDS)
            waited += WAIT_SECONDS
        if missing:
            _build(missing, version)


def _build(missing: list[Shared], version: str) -> None:
    built = {}
    try:
        for value in missing:
            value._kept = (version, value.build())
            built[value.key(version)] = value._kept[1]
    finally:
        _cache_call("set_many", built, timeout=KEPT_SECONDS)
        _cache_call("delete", _lock_key(version), alias="default")


def _kept_at(value: Shared, version: str) -> bool:
    return value._kept is not None and value._kept[0] == version


def _lock_key(version: str) -> str:
    return f"shared:building:{version}"


def _is_being_built(version: str) -> bool:
    return _cache_call("get", _lock_key(version), alias="default") is not None


def claim_build(version: str) -> None:
    """Take the build lock of `version` now, for a build this process will run
    (the one that served an edit, once its response is sent)."""
    if _cache_call("add", _lock_key(version), True, BUILD_SECONDS, alias="default"):
        _claimed.add(version)


# Versions whose build lock this process took ahead of the build.
_claimed: set[str] = set()


def _take_build_lock(version: str) -> bool:
    """True for the process that is to build: it took the lock (now or ahead),
    or the cache keeps nothing (down), so there is no lock to take."""
    if version in _claimed:
        _claimed.discard(version)
        return True
    if _cache_call("add", _lock_key(version), True, BUILD_SECONDS, alias="default"):
        return True
    return not _is_being_built(version)


def _cached(keys: Iterable[str]) -> dict:
    # Unpickling the directory's index makes tens of thousands of objects in
    # one call that holds every thread of the process; with the collector on,
    # that set off full collections inside it: 15 ms became 130 to 180
    # (bench/pages.py, "another process").
    paused = gc.isenabled()
    gc.disable()
    try:
        return _cache_call("get_many", list(keys)) or {}
    finally:
        if paused:
            gc.enable()


def _cache_call(method: str, *args, alias: str = "pages", **kwargs):
    # Values can always be built again: a cache outage costs time, never a page.
    try:
        return getattr(caches[alias], method)(*args, **kwargs)
    except Exception:
        logger.warning("Cache unavailable for %s.", method, exc_info=True)
        return None
