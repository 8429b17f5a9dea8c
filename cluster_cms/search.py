"""The site's word search: rows holding every typed word, in any of some fields."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet

# Each word adds a LIKE clause per field; past a few words a search narrows
# nothing further and only gets slower.
SEARCH_MAX_WORDS = 8


def search_words(queryset: QuerySet, text: str, fields: list[str]) -> QuerySet:
    """The rows where each of the first eight words of `text` is in one of `fields`."""
    for word in text.split()[:SEARCH_MAX_WORDS]:
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields))
        )
    return queryset
