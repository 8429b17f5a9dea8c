"""What django-axes records of a failed admin login."""

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
    """
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if isinstance(username, str):
        return username[:USERNAME_MAX_LENGTH]
    return username
