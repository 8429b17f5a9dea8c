"""The site's version, and whole pages for anonymous visitors kept under it.

One token says "the site changed": the single row of `caching.models.SiteVersion`,
in the database. Saving or deleting a row of a registered model (or changing one
of its many-to-many relations) replaces the token in the same transaction, so the
new token is visible exactly when the new rows are. Every cache key that holds
something drawn from the public rows carries the token: whole pages here
(`page:<version>:<address>`), the layout's `{% cache %}` fragments, and the
values many pages read (`caching.shared`). An edit so retires all of it at once,
in every process; old entries expire on their own.

As the token lives in the database, no cache fault can undo an edit: a Redis that
is frozen, restarted or emptied never brings an older version back. Reading it
is one query by primary key, which a process trusts for
CLUSTER_SITE_VERSION_SECONDS; while the database is down, the token this
process read last stands, so cached pages are still served.

Pages are kept in the process's own memory too (the `process_pages` alias, when
configured), nearest first, so that a cached page needs no round trip.

An app registers the models its public pages show in its AppConfig.ready():
`page_cache.register(Enterprise, Town)`. A bulk write (a directory import of
thousands of rows) runs inside `one_invalidation()`: one new version when the
block ends, not one per row. A release scheduled for later becomes public
without any save: a registered `next_change` callable says when, the row keeps
the nearest such moment, and the first request after it replaces the token (the
one write a page view can make, once per scheduled publication).

Only what every visitor may see is stored: GET requests without a session or
pending messages, answered 200, setting no cookie, not using a CSRF token, and
not marked private or no-store (staff previews are no-store). Stored pages are
served to every visitor who is not signed in, whatever cookies they carry:
signing in sets a `signed_in` cookie, and only that (or pending messages) sends
a visitor past the cache. The session itself is not read.
"""

import hashlib
import logging
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import cc_delim_re, set_response_etag

from . import shared
from .coalesce import CoalescedWork
from .models import SiteVersion
from .version import (
    SITE_VERSION_ROW,
    forget_recent,
    new_version,
    request_edited,
    request_state,
    schedules,
    stored_version,
)

logger = logging.getLogger(__name__)
# Says "this browser has signed in"; a hint for the cache, not a credential.
SIGNED_IN_COOKIE = "signed_in"
# How long other visitors get the earlier version's copy of a page while one
# request draws it at the new version (longer than any page takes).
DRAWING_SECONDS = 10
_registered: set[type[models.Model]] = set()


def register(
    *models_: type[models.Model],
    next_change: Callable[[], datetime | None] | None = None,
) -> None:
    """Start a new site version whenever a row of these models changes."""
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
    if next_change is not None and next_change not in schedules:
        schedules.append(next_change)


def shows(model: type[models.Model]) -> bool:
    """Whether cached pages or shared values show rows of `model`."""
    return model in _registered


def invalidate() -> None:
    """Start a new site version, in the current transaction.

    Signals of registered models call it; call it yourself after writes that
    send none, such as `QuerySet.update()` or `bulk_create()`. Inside
    `one_invalidation()` it only notes that the block's end must invalidate.
    """
    if _invalidations.request("version"):
        return
    token = new_version()
    # Now for this thread's next reads, and at commit for every request.
    forget_recent()
    transaction.on_commit(forget_recent)
    state = request_state.get()
    if state is not None:
        state.pop("version", None)
        # This process builds what the new version's pages share
        # (caching.shared) once the response is sent, so no visitor waits for
        # it: it says so from the commit on, and the others keep serving the
        # version before until then.
        transaction.on_commit(lambda: shared.claim_build(token))
    request_edited.set(True)


def one_invalidation() -> AbstractContextManager[None]:
    """Coalesce the invalidations of the block into one, at its end.

    For bulk writes: N saves of registered rows give one new version, not N.
    Wrap the transaction's work and end the block inside the transaction.
    Blocks nest; the outermost invalidates, also when the block fails.
    """
    return _invalidations.once()


_invalidations = CoalescedWork(lambda _: invalidate())


def _on_change(sender, action: str = "", **kwargs) -> None:
    # m2m_changed announces each change twice: before ("pre_add") and after.
    if not action.startswith("pre_"):
        invalidate()


def _request_started(**kwargs) -> None:
    request_state.set({})
    request_edited.set(False)


def _request_finished(**kwargs) -> None:
    request_state.set(None)
    if request_edited.get():
        request_edited.set(False)
        try:
            shared.prepare(stored_version())
        except Exception:
            # Never the editor's problem: the next page view builds them instead.
            logger.warning("Could not prepare the shared values.", exc_info=True)


request_started.connect(_request_started, dispatch_uid="page_cache:request_started")
request_finished.connect(_request_finished, dispatch_uid="page_cache:request_finished")


def _on_migrate(sender, **kwargs) -> None:
    # A deployment runs migrate: pages drawn by the previous templates go too.
    if sender.name == "caching":
        try:
            SiteVersion.objects.filter(pk=SITE_VERSION_ROW).update(
                token=uuid.uuid4().hex
            )
        except DatabaseError:
            logger.warning("Could not start a new site version.", exc_info=True)


post_migrate.connect(_on_migrate, dispatch_uid="page_cache:migrate")


def _signed_in(sender, request, **kwargs) -> None:
    if request is not None:
        request._page_cache_signed_in = True


def _signed_out(sender, request, **kwargs) -> None:
    if request is not None:
        request._page_cache_signed_in = False


user_logged_in.connect(_signed_in, dispatch_uid="page_cache:signed_in")
user_logged_out.connect(_signed_out, dispatch_uid="page_cache:signed_out")


def _pages():
    """The cache that holds what visitors can multiply: pages and fragments."""
    return caches["pages"]


# Where whole pages are kept, nearest first: this process's memory when
# settings.CACHES has "process_pages" (a LocMemCache: a page read there costs
# no round trip to Redis, bench/serve.py), then the cache all processes share.
PAGE_CACHES = ("process_pages", "pages")


def _page_caches() -> list:
    return [caches[alias] for alias in PAGE_CACHES if alias in settings.CACHES]


def _stored_page(key: str) -> HttpResponse | None:
    """The page stored under `key`, kept in the nearer caches once found."""
    nearer = []
    for cache in _page_caches():
        response = cache.get(key)
        if response is not None:
            for near in nearer:
                near.set(key, response, settings.CLUSTER_PAGE_CACHE_SECONDS)
            return response
        nearer.append(cache)
    return None


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' pages; see the module's docstring.

    Sits as high as it can, so that a cached page costs one query and one cache
    read and little else: below the middleware whose headers differ per request
    (request id, security headers) and ConditionalGetMiddleware (a 304 for a
    known ETag), above everything else. A page is stored with the headers set
    below it (CSP, Content-Language, X-Frame-Options), which are the same for
    every visitor of a public page.
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
        try:
            version = shared.version_to_serve()
        except DatabaseError:
            # Down, and this process has read no version yet: the page says so.
            return self.get_response(request)
        address = self.address(request)
        key = f"page:{version}:{address}"
        try:
            response = _stored_page(key) or self.earlier_page(version, address)
        except Exception:
            # Any backend's outage (a full disk): pages are rendered instead,
            # slower but up. Bad input is not caught here.
            logger.warning("Page cache unavailable; rendering.", exc_info=True)
            return self.get_response(request)
        if response is not None:
            return response
        response = self.get_response(request)
        try:
            _pages().delete(f"{key}:drawing")
        except Exception:
            logger.warning("Page cache unavailable.", exc_info=True)
        # Only what was drawn for a visitor without a session is kept for all.
        if (
            request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and self.is_shareable(request, response)
        ):
            set_response_etag(response)
            try:
                for cache in _page_caches():
                    cache.set(key, response, timeout)
            except Exception:
                logger.warning("Page cache unavailable; not stored.", exc_info=True)
        return response

    @staticmethod
    def earlier_page(version: str, address: str) -> HttpResponse | None:
        """Right after an edit, while another request draws this page at the
        new version, its copy of the version before (the one request that
        takes the lock draws it; None for that one)."""
        previous = shared.previous_version()
        if previous is None or previous == version:
            return None
        if _pages().add(f"page:{version}:{address}:drawing", True, DRAWING_SECONDS):
            return None
        return _stored_page(f"page:{previous}:{address}")

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
