"""The site's word search: rows holding every typed word, in any of some fields."""

from functools import reduce
from operator import or_

import django_filters
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


class WordSearchFilter(django_filters.CharFilter):
    """A `?q=` filter: the rows holding each typed word in one of `fields`.

    Its `max_length` bounds what is read; a longer text is a form error.
    """

    def __init__(self, *, fields: list[str], **kwargs):
        super().__init__(**kwargs)
        self.search_fields = fields

    def filter(self, queryset: QuerySet, value: str) -> QuerySet:
        if not value:
            return queryset
        return search_words(queryset, value, self.search_fields)
