"""Admin search that takes any typed term."""


class NulFreeSearchMixin:
    """For a ModelAdmin that autocomplete fields search.

    The change list validates its search box, but the autocomplete view hands
    the typed term to the search as it came, and PostgreSQL refuses a NUL
    character in a query: a 500 instead of an answer.
    """

    def get_search_results(self, request, queryset, search_term):
        search_term = search_term.replace("\x00", "")
        return super().get_search_results(request, queryset, search_term)
