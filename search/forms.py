from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.filters import SEARCH_MAX_LENGTH as DIRECTORY_SEARCH_MAX_LENGTH
from news.filters import SEARCH_MAX_LENGTH as NEWS_SEARCH_MAX_LENGTH

# One box searches both: it takes what both searches accept.
QUERY_MAX_LENGTH = min(DIRECTORY_SEARCH_MAX_LENGTH, NEWS_SEARCH_MAX_LENGTH)


class SiteSearchForm(forms.Form):
    """The `?q=` of /search/, as typed in the header's box."""

    q = forms.CharField(
        label=_("Search news and enterprises"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
    )
