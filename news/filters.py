import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import PublicFilterSet
from search.engine import SearchFilter

from .models import Category, Release

SEARCH_MAX_LENGTH = 200


class ReleaseFilter(PublicFilterSet):
    """The `?q=` search and `?category=` filter of the release list."""

    q = SearchFilter(label=_("Search releases"), max_length=SEARCH_MAX_LENGTH)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        empty_label=_("All categories"),
    )

    class Meta:
        model = Release
        fields = ["q", "category"]
