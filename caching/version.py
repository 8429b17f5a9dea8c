"""The site's version: one database row that every edit replaces, read at most
once per request, and by each process at most once per
CLUSTER_SITE_VERSION_SECONDS. Pages, fragments and shared values are cached
under it, so an edit shows everywhere within that and no cache outage can
bring an older one back.
"""

import logging
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .models import SiteVersion

logger = logging.getLogger(__name__)

SITE_VERSION_ROW = 1
# When the registered models' next scheduled rows come due (page_cache.register).
schedules: list[Callable[[], datetime | None]] = []


def new_version(replacing: str | None = None) -> str:
    """Write a new token (only over `replacing`, when given) and return the
    token the row holds then."""
    upcoming = [moment for schedule in schedules if (moment := schedule())]
    values = {"token": uuid.uuid4().hex, "next_change": min(upcoming, default=None)}
    if replacing is None:
        try:
            SiteVersion.objects.update_or_create(pk=SITE_VERSION_ROW, defaults=values)
        except IntegrityError:  # another process created the row first
            SiteVersion.objects.filter(pk=SITE_VERSION_ROW).update(**values)
        return values["token"]
    if SiteVersion.objects.filter(pk=SITE_VERSION_ROW, token=replacing).update(
        **values
    ):
        return values["token"]
    # Another process replaced it first.
    return SiteVersion.objects.values_list("token", flat=True).get(pk=SITE_VERSION_ROW)


# The token this process read last outside a transaction, and when
# (time.monotonic()): requests trust it for CLUSTER_SITE_VERSION_SECONDS, and
# it stands while the database is down.
_last_read: list[str] = []
_read_at = [float("-inf")]
_clock = time.monotonic
# Stands while the database has been down since this process started: no page
# or fragment cached under it is ever served once a real version is read.
NEVER_READ = f"unread-{uuid.uuid4().hex}"


def stored_version() -> str:
    """The site's version as the database holds it now (one query).

    While the database is down: the one this process read last, or NEVER_READ
    if it has read none (the page that says so is still drawn in the layout).
    """
    try:
        found = _read_row()
        if found is None:
            # The migration made the row; an emptied table gets one at the next
            # edit (reading a page never writes).
            token = "none"
        elif found[1] is not None and found[1] <= timezone.now():
            token = new_version(replacing=found[0])
        else:
            token = found[0]
    except DatabaseError:
        logger.warning("Database unavailable; using the last site version read.")
        return _last_read[0] if _last_read else NEVER_READ
    # Inside a transaction the token may be one that is not committed yet:
    # other requests must not serve pages drawn from the old rows under it.
    if not connection.in_atomic_block:
        _last_read[:] = [token]
        _read_at[0] = _clock()
    return token


def recent_version() -> str:
    """The version this process read within CLUSTER_SITE_VERSION_SECONDS, or
    else the stored one. Reading the row was the largest part of serving a
    cached page (bench/serve.py); the cost is that another process's edit
    shows here that much later. An edit in this process shows at once
    (forget_recent)."""
    if _last_read and (_clock() - _read_at[0] < settings.CLUSTER_SITE_VERSION_SECONDS):
        return _last_read[0]
    return stored_version()


def forget_recent() -> None:
    """Read the version again at the next request (this process made an edit)."""
    _read_at[0] = float("-inf")


def _read_row() -> tuple[str, datetime | None] | None:
    """The row's token and next change, in SQL written once: every request,
    cached pages included, runs this query, and building it through the ORM
    took most of a cached page's time (bench/pages.py, "version read")."""
    with connection.cursor() as cursor:
        cursor.execute(_SELECT_ROW, [SITE_VERSION_ROW])
        found = cursor.fetchone()
    if found is None or found[1] is None:
        return found
    next_change = found[1]
    if isinstance(next_change, str):  # SQLite without a declared type
        next_change = parse_datetime(next_change)
    if timezone.is_naive(next_change):  # SQLite keeps UTC without an offset
        next_change = timezone.make_aware(next_change, UTC)
    return found[0], next_change


_SELECT_ROW = "SELECT {token}, {next_change} FROM {table} WHERE {pk} = %s".format(
    token=connection.ops.quote_name(SiteVersion._meta.get_field("token").column),
    next_change=connection.ops.quote_name(
        SiteVersion._meta.get_field("next_change").column
    ),
    table=connection.ops.quote_name(SiteVersion._meta.db_table),
    pk=connection.ops.quote_name(SiteVersion._meta.pk.column),
)


# What this process's code and settings draw: each process has its own, so a
# deployment (new processes) retires what the one before drew.
CODE_VERSION = f"code-{uuid.uuid4().hex}"


# While a request is served: {"version": the token it is served at}.
request_state: ContextVar[dict | None] = ContextVar("page_cache_request", default=None)
# Whether the request being served (or the script running) made an edit.
request_edited: ContextVar[bool] = ContextVar("page_cache_edited", default=False)


def current_version() -> str:
    """The version the current request is served at (read once per request);
    outside requests, the stored one."""
    state = request_state.get()
    if state is None:
        return stored_version()
    if "version" not in state:
        state["version"] = recent_version()
    return state["version"]


def serve_at(version: str) -> None:
    """Serve the rest of this request at `version`, an earlier one than the
    stored (caching.shared: while another process builds the new one)."""
    state = request_state.get()
    if state is not None:
        state.update(version=version, earlier=True)


def serves_earlier() -> bool:
    """Whether this request is served at an earlier version (see serve_at)."""
    state = request_state.get()
    return state is not None and state.get("earlier", False)
