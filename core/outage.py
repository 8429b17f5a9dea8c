"""What pages do while the database does not answer (down, restarting, locked)."""

from django.db import InterfaceError, OperationalError

# How long a visitor is asked to wait (the Retry-After of a 503).
RETRY_AFTER_SECONDS = 60


def database_is_unavailable(error: BaseException | None) -> bool:
    """Whether an error means the database is down or busy, not a bug of ours."""
    return isinstance(error, OperationalError | InterfaceError)
