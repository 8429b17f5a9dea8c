"""Servers some tests start beside the test process (redis-server, gunicorn)."""

import socket
import subprocess
import time
import urllib.parse

import pytest
from django.conf import settings

needs_postgresql = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: several processes share one (the second run "
    'of .ci/run; or eval "$(.ci/postgres start)" before make test)',
)


def database_url() -> str:
    """The test database pytest-django made, as a DATABASE_URL for other processes."""
    database = settings.DATABASES["default"]
    quote = urllib.parse.quote
    return (
        f"postgres://{quote(database['USER'], safe='')}:"
        f"{quote(database['PASSWORD'], safe='')}@"
        f"{quote(database['HOST'], safe='')}:{database['PORT']}/"
        f"{quote(database['NAME'], safe='')}"
    )


def free_port() -> int:
    """A local port nothing listens on now (the OS picks it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, seconds=20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with socket.socket() as client:
            if client.connect_ex(("127.0.0.1", port)) == 0:
                return
        assert process.poll() is None, f"the server on port {port} exited"
        assert time.monotonic() < deadline, f"nothing listens on port {port}"
        time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    """End a server and wait for it, so no test leaves a process behind."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
