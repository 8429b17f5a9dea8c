from django.http import HttpRequest

from . import version


def site_version(request: HttpRequest) -> dict:
    """`site_version`, for the keys of `{% cache %}` fragments drawn from the
    public rows (read when a template first uses it); `code_version`, for
    those drawn from the code and settings alone, which an edit leaves as
    they are."""
    return {
        "site_version": version.current_version,
        "code_version": version.CODE_VERSION,
    }
