import re

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connections
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cluster_cms.filters import PublicFilterSet
from cluster_cms.search import WordSearchFilter

from .models import Category, Release

SEARCH_MAX_LENGTH = 200
# PostgreSQL's text search splits words on spaces, which Chinese does not use, and
# its 'english' configuration stems English words (export, exports, exporting):
# English pages search the English columns with it. The functional GIN index in
# migration 0004 is built on exactly this expression.
SEARCH_CONFIG = "english"
SEARCH_VECTOR = SearchVector("title_en", "summary_en", "body_en", config=SEARCH_CONFIG)
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


class ReleaseSearchFilter(WordSearchFilter):
    """Full-text search of English pages on PostgreSQL; words otherwise."""

    def filter(self, queryset, value):
        if (
            value
            and connections[queryset.db].vendor == "postgresql"
            and get_language() == "en"
            and not HAN.search(value)
        ):
            query = SearchQuery(value, config=SEARCH_CONFIG, search_type="websearch")
            return queryset.annotate(search=SEARCH_VECTOR).filter(search=query)
        return super().filter(queryset, value)


class ReleaseFilter(PublicFilterSet):
    """The `?q=` search and `?category=` filter of the release list."""

    q = ReleaseSearchFilter(
        label=_("Search releases"),
        fields=["title", "summary", "body"],
        max_length=SEARCH_MAX_LENGTH,
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("All categories"),
    )

    class Meta:
        model = Release
        fields = ["q", "category"]
