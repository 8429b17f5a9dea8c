"""Letting a scheduled time come without waiting for it."""

import datetime
from contextlib import contextmanager

import time_machine
from django.utils import timezone


@contextmanager
def scheduled_time_comes(queryset, field: str = "release_time"):
    """Within the block, the scheduled times of `queryset`'s rows have come.

    The database's clock (`Now()`) cannot be moved, so the rows' times move back
    to the present, written as an update that no save signal sees; Python's clock
    moves forward past the times they had, for whatever was scheduled by them.
    """
    latest = max(queryset.values_list(field, flat=True))
    queryset.update(**{field: timezone.now() - datetime.timedelta(milliseconds=10)})
    with time_machine.travel(latest + datetime.timedelta(seconds=1)):
        yield
