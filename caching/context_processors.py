from django.http import HttpRequest

from . import version


def site_version(request: HttpRequest) -> dict:
    """`site_version`, for the keys of `{% cache %}` fragments drawn from the
    public rows (read when a template first uses it)."""
    return {"site_version": version.current_version}
