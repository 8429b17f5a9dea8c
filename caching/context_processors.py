from django.http import HttpRequest

from . import page_cache


def site_version(request: HttpRequest) -> dict:
    """`site_version`, for the keys of `{% cache %}` fragments drawn from the
    public rows (read when a template first uses it)."""
    return {"site_version": page_cache.current_version}
