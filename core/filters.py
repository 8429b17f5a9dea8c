import django_filters


class PublicFilterSet(django_filters.FilterSet):
    """A filter form of a public list: its values come back in the page."""

    def __init__(self, data=None, *args, **kwargs):
        # A NUL can be neither searched for nor shown back in valid HTML: drop it.
        if data is not None and any("\x00" in value for value in data.values()):
            data = data.copy()
            for key in data:
                data.setlist(key, [v.replace("\x00", "") for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)
