import io

from django.core.management import call_command


def run(*args, **options) -> str:
    """Run a management command as `manage.py` would; return what it printed."""
    out = io.StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()
