"""Whole pages for anonymous visitors, and values built from the public rows,
kept under one *cache version* that every worker shares.

The version is a value in the shared cache (the `default` alias). Pages, which
visitors can multiply at will (`/robots.txt?flood=N`), go to the `pages` alias,
so that filling it up can never evict the version, nor anything else kept in
`default` (pending imports, sessions); each worker also keeps the pages it
served last in its own memory (`RecentPages`). Saving or deleting a row of a
registered model (or changing one of its many-to-many relations) sets a new
version, so every worker stops using the old pages and values at once (they
expire on their own). An app registers the models its public pages show in its
AppConfig.ready(): `page_cache.register(Enterprise, Town)`. What every page of
a version reads (the layout's settings and menus, the order of the releases,
the directory's index) is a `Held` value: built once per version, by the
worker that served the edit, and kept in each worker's memory.

A bulk write (a directory import of thousands of rows) runs inside
`one_invalidation()`: its saves ask for one new version when the block ends
rather than one each, so visitors' pages and the directory's index are not
dropped and rebuilt once per row while it runs.

A release scheduled for later becomes public without any save; a registered
`next_change` callable says when, and the version changes by itself then.

Only what every visitor may see is stored: GET requests without a session or
pending messages, answered 200, setting no cookie, not using a CSRF token, and
not marked private or no-store (staff previews are no-store).

Stored pages are served to every visitor who is not signed in, whatever
cookies they carry (a stale session cookie, a CSRF cookie): signing in sets a
`signed_in` cookie, and only that (or pending messages) sends a visitor past the
cache. The session itself is not read, so a cached page needs no database.
"""

import hashlib
import logging
import pickle
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.cache import cc_delim_re, set_response_etag

from .coalesce import CoalescedWork

logger = logging.getLogger(__name__)
STATE_KEY = "page-cache:state"
# Says "this browser has signed in"; a hint for the cache, not a credential.
SIGNED_IN_COOKIE = "signed_in"
_schedules: list[Callable[[], datetime | None]] = []
_registered: set[type[models.Model]] = set()


def register(
    *models_: type[models.Model],
    next_change: Callable[[], datetime | None] | None = None,
) -> None:
    """Drop cached pages and figures whenever a row of these models changes."""
    for model in models_:
        _registered.add(model)
        uid = f"page_cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=uid)
        post_delete.connect(_on_change, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _on_change,
                sender=field.remote_field.through,
                dispatch_uid=f"{uid}.{field.name}",
            )
    if next_change is not None and next_change not in _schedules:
        _schedules.append(next_change)


def shows(model: type[models.Model]) -> bool:
    """Whether cached pages or figures show rows of `model`."""
    return model in _registered


def invalidate() -> None:
    """Make every worker render pages and count figures afresh.

    Signals of registered models call it; call it yourself after writes that
    send none, such as `QuerySet.update()` or `bulk_create()`. The version
    changes now, so the writing transaction itself reads fresh figures, and again
    at commit, so that a page another worker drew from the old rows meanwhile is
    not served under the new version. Inside `one_invalidation()` it only
    notes that the block's end must invalidate.
    """
    if _invalidations.request("version"):
        return
    try:
        _new_version_now()
    except Exception:
        # A cache outage must never turn an editor's save into an error.
        logger.warning("Could not set a new cache version.", exc_info=True)
    transaction.on_commit(_new_state_logged)
    _edited.pending = True


def one_invalidation() -> AbstractContextManager[None]:
    """Coalesce the invalidations of the block into one, at its end.

    For bulk writes: N saves of registered rows give one new version, not N.
    Until the block ends, pages and figures stay those of before it (the code
    inside reads them as they were), so wrap the transaction's work and end the
    block inside the transaction: the version then changes at the end and
    again at commit, as for any save. Blocks nest; the outermost invalidates.
    It also does when the block fails, as rows may have been written.
    """
    return _invalidations.once()


_invalidations = CoalescedWork(lambda _: invalidate())


def _on_change(sender, action: str = "", **kwargs) -> None:
    # m2m_changed announces each change twice: before ("pre_add") and after.
    if not action.startswith("pre_"):
        invalidate()


def _new_state_logged() -> None:
    try:
        _new_state()
    except Exception:
        # A cache outage must never turn an editor's save into an error.
        logger.warning("Could not set a new cache version.", exc_info=True)


def _new_version_now() -> None:
    # Cheap, as it runs on every save outside one_invalidation(): the schedule
    # is read again at commit, and here only when there is no state yet.
    _this_request.version = None
    state = cache.get(STATE_KEY)
    if state is None:
        _new_state()
    else:
        cache.set(STATE_KEY, state | {"version": uuid.uuid4().hex}, timeout=None)


def _new_state() -> dict:
    _this_request.version = None
    upcoming = [moment for schedule in _schedules if (moment := schedule())]
    state = {"version": uuid.uuid4().hex, "next_change": min(upcoming, default=None)}
    cache.set(STATE_KEY, state, timeout=None)
    _last_made.update(state=state, until=time.monotonic() + UNKEPT_STATE_SECONDS)
    return state


# While the cache keeps nothing (Redis down: resilient_cache answers every
# read as a miss), each read would find no state and make a new version, and
# every held value (the directory's index!) would be built again for every
# page. So while the cache keeps nothing, the state this process made last
# stands for this long: pages are rendered with its held values, and an edit
# in this process, or the end of the time, makes a new one. A cache that only
# lost the state (evicted, cleared) gets a new one.
UNKEPT_STATE_SECONDS = 15
_last_made: dict[str, Any] = {}
_PROBE_KEY = "page-cache:probe"


def _state_unkept() -> dict:
    """A state for a cache that has none: the one made last while the cache
    keeps nothing, else a new one."""
    last = _last_made.get("state")
    if (
        last is not None
        and time.monotonic() < _last_made["until"]
        and not _is_due(last)
        and not _cache_keeps()
    ):
        return last
    return _new_state()


def _cache_keeps() -> bool:
    cache.set(_PROBE_KEY, True, timeout=60)
    return cache.get(_PROBE_KEY) is True


def _is_due(state: dict) -> bool:
    return state["next_change"] is not None and state["next_change"] <= timezone.now()


def current_version() -> str:
    """The version pages are stored under now (a new one if the cache lost it).

    Read from the cache once per request: a page's held values and its stored
    copy all ask for it.
    """
    if getattr(_this_request, "version", None) is not None:
        return _this_request.version
    state = cache.get(STATE_KEY)
    if state is None:
        state = _state_unkept()
    elif _is_due(state):
        state = _new_state()
    if getattr(_this_request, "open", False):
        _this_request.version = state["version"]
    return state["version"]


# Per thread, while it serves a request: the version it read. Outside requests
# (task workers, the shell) nothing is remembered, as nothing would forget it.
_this_request = threading.local()


def _pages():
    """The cache that holds what visitors can multiply: pages and figures."""
    return caches["pages"]


class Held:
    """A value built from the public rows once per version and kept in each
    worker's memory: what every page of the version reads (the layout's
    settings and menus, the order of the releases, the directory's index).

    Pages then read it with no query and no cache round trip beyond the
    version's. A `shared` value is also kept in the shared cache, so that one
    worker builds it and the others load it, and it is built by the worker
    that served the edit, once its response is sent: no visitor waits for it.
    The value is shared by the worker's threads: treat it as read-only.
    Without the cache, it is built each time it is asked for.
    """

    def __init__(self, name: str, build: Callable[[], Any], *, shared: bool = False):
        self.name = name
        self.build = build
        self.shared = shared
        # (version, value), replaced whole (atomic for the other threads): an
        # earlier version's value never piles up.
        self._kept: tuple[str, Any] | None = None
        if shared:
            _prepared_after_edits.append(self)

    def get(self) -> Any:
        """The value at the current version."""
        try:
            version = current_version()
        except Exception:
            logger.warning("Cache unavailable; building %s.", self.name, exc_info=True)
            return self.build()
        kept = self._kept
        if kept is not None and kept[0] == version:
            return kept[1]
        if self.shared:
            try:
                kept = cache.get(self.key)
            except Exception:
                logger.warning(
                    "Cache unavailable; building %s.", self.name, exc_info=True
                )
                kept = None
            if kept is not None and kept[0] == version:
                self._kept = kept
                return kept[1]
        return self.store(version)

    def store(self, version: str) -> Any:
        """Build the value and keep it as the one of `version`."""
        value = self.build()
        self._kept = (version, value)
        if self.shared:
            try:
                cache.set(self.key, self._kept, None)
            except Exception:
                logger.warning(
                    "Cache unavailable; %s not kept.", self.name, exc_info=True
                )
        return value

    def forget(self) -> None:
        """Drop this worker's copy (tests: as a freshly started worker)."""
        self._kept = None

    @property
    def key(self) -> str:
        """Its key in the shared cache: one entry, overwritten by each edit."""
        return f"held:{self.name}"


def forget_held() -> None:
    """Drop this worker's copy of every shared value: as another worker than
    the one that served the edit (tests and benchmarks)."""
    for held in _prepared_after_edits:
        held.forget()


_prepared_after_edits: list[Held] = []
# Per thread: whether the request it serves made a new version.
_edited = threading.local()


def _request_started(**kwargs) -> None:
    _this_request.open = True
    _this_request.version = None
    # Only the request that made an edit prepares for it (not a visitor's after
    # a script's edit); the first view does otherwise.
    _edited.pending = False


def _request_finished(**kwargs) -> None:
    _this_request.open = False
    _this_request.version = None
    if getattr(_edited, "pending", False):
        _edited.pending = False
        prepare_shared()


def prepare_shared() -> None:
    """Build the shared values of the current version now: what the worker
    that served an edit does once its response is sent."""
    for held in _prepared_after_edits:
        try:
            held.get()
        except Exception:
            # Never the editor's problem: the next page view builds it instead.
            logger.warning("Could not prepare %s.", held.name, exc_info=True)


request_started.connect(_request_started, dispatch_uid="page_cache:request_started")
request_finished.connect(_request_finished, dispatch_uid="page_cache:request_finished")


def _on_migrate(**kwargs) -> None:
    # A deployment runs migrate: pages drawn by the previous templates go too.
    # Only forget the state (no query: some tables may just have been dropped).
    cache.delete(STATE_KEY)


post_migrate.connect(_on_migrate, dispatch_uid="page_cache:migrate")


def _signed_in(sender, request, **kwargs) -> None:
    if request is not None:
        request._page_cache_signed_in = True


def _signed_out(sender, request, **kwargs) -> None:
    if request is not None:
        request._page_cache_signed_in = False


user_logged_in.connect(_signed_in, dispatch_uid="page_cache:signed_in")
user_logged_out.connect(_signed_out, dispatch_uid="page_cache:signed_out")


class RecentPages:
    """The pages this worker served last, in its own memory, below the shared
    cache: a page read again costs neither a round trip to the cache nor
    decompressing it. Bounded in bytes; each hit is a fresh copy (middleware
    above sets per-request headers on it). Only the current version's pages are
    kept, and the version is still read from the shared cache on every
    request, so an edit shows at once in every worker."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version = ""
        self._pages: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0

    def get(self, version: str, address: str) -> HttpResponse | None:
        with self._lock:
            stored = self._pages.get(address) if version == self._version else None
            if stored is None:
                return None
            self._pages.move_to_end(address)
        return pickle.loads(stored)

    def put(self, version: str, address: str, response: HttpResponse) -> None:
        stored = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        if len(stored) > self.max_bytes // 10:
            return
        with self._lock:
            if version != self._version:
                # An edit: the earlier version's pages go.
                self._version = version
                self._pages.clear()
                self._bytes = 0
            if address in self._pages:
                return
            self._pages[address] = stored
            self._bytes += len(stored)
            while self._bytes > self.max_bytes:
                _key, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped)


_recent_pages = RecentPages(max_bytes=settings.CLUSTER_PAGE_MEMORY_BYTES)


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' pages; see the module's docstring.

    Sits as high as it can, so that a cached page costs two cache reads and
    little else: below the middleware whose headers differ per request (request
    id, security headers) and ConditionalGetMiddleware (a 304 for a known ETag),
    above everything else. A page is stored with the headers set below it (CSP,
    Content-Language, X-Frame-Options), which are the same for every visitor of
    a public page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.serve(request)
        self.mark_signed_in(request, response)
        return response

    def serve(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.CLUSTER_PAGE_CACHE_SECONDS
        if not timeout or not self.is_anonymous_read(request):
            return self.get_response(request)
        address = self.address(request)
        try:
            version = current_version()
            key = f"page:{version}:{address}"
            response = _recent_pages.get(version, address)
            if response is None:
                response = _pages().get(key)
                if response is not None:
                    _recent_pages.put(version, address, response)
        except Exception:
            # Any backend's outage (Redis restarting, a full disk): pages are
            # rendered instead, slower but up. Bad input is not caught here.
            logger.warning("Page cache unavailable; rendering.", exc_info=True)
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        # Only what was drawn for a visitor without a session is kept for all.
        if (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and self.is_shareable(request, response)
        ):
            set_response_etag(response)
            try:
                _pages().set(key, response, timeout)
            except Exception:
                logger.warning("Page cache unavailable; not stored.", exc_info=True)
        return response

    @staticmethod
    def is_anonymous_read(request: HttpRequest) -> bool:
        # Not pages: the admin, the one-time identifying-code images (a stored copy
        # would outlive its code) and uploads (files, already cheap to serve).
        not_pages = (
            f"/{settings.CLUSTER_ADMIN_PATH}",
            "/captcha/",
            settings.MEDIA_URL,
        )
        return (
            request.method in ("GET", "HEAD")
            and SIGNED_IN_COOKIE not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not request.path_info.startswith(not_pages)
        )

    @staticmethod
    def mark_signed_in(request: HttpRequest, response: HttpResponse) -> None:
        """Set or drop the signed_in cookie as the visitor signs in or out.

        Editors who signed in before the cookie existed get it on their next
        admin page, which reads the session anyway.
        """
        signed_in = getattr(request, "_page_cache_signed_in", None)
        if signed_in is None and hasattr(request, "user"):
            if request.path_info.startswith(f"/{settings.CLUSTER_ADMIN_PATH}"):
                try:
                    signed_in = request.user.is_authenticated
                except DatabaseError:  # the session could not be read
                    return
        has_cookie = SIGNED_IN_COOKIE in request.COOKIES
        if signed_in and not has_cookie:
            response.set_cookie(
                SIGNED_IN_COOKIE,
                "1",
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif signed_in is False and has_cookie:
            response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")

    @staticmethod
    def is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
        cache_control = {
            directive.split("=")[0].strip().lower()
            for directive in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        return (
            response.status_code == 200
            and not response.streaming
            # A page that used a CSRF token (re)sets the csrftoken cookie.
            and not response.cookies
            and not cache_control & {"private", "no-cache", "no-store"}
        )

    @staticmethod
    def address(request: HttpRequest) -> str:
        """What tells pages apart: language, and the full URL (host checked)."""
        url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        # Public pages take their language from the address alone (see
        # cluster_cms.middleware), which runs after this one.
        language = (
            translation.get_language_from_path(request.path_info)
            or settings.LANGUAGE_CODE
        )
        return f"{language}:{url}"
