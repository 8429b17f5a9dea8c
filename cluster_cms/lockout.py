"""What django-axes records of a failed login (the admin's, a representative's)."""

from django.conf import settings
from django.http import HttpRequest

# AccessAttempt.username and the other axes logs hold this many characters.
USERNAME_MAX_LENGTH = 255


def client_username(request: HttpRequest, credentials: dict | None = None):
    """The username tried, cut to what axes can store (AXES_USERNAME_CALLABLE).

    Axes stores it as typed, and PostgreSQL refuses a longer value than the
    column holds (login scanners send such names; jazzband/django-axes#1381).
    The cut is the same for every attempt, so the lockout still counts them
    together.

    Suppliers' representatives sign in with their email (django-allauth, whose
    credentials carry `email` and whose form posts `login`): that is their
    username, so that one office's failures never lock out its colleagues.
    """
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field) or credentials.get("email")
    else:
        posted = getattr(request, "data", request.POST)
        username = posted.get(field) or posted.get("login")
    if isinstance(username, str):
        return username[:USERNAME_MAX_LENGTH]
    return username
