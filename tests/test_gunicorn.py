"""gunicorn as `make serve` and production start it (gunicorn.conf.py).

What a client can claim through headers, and whether slow clients can keep
the site from answering, depends on gunicorn's own settings, so these tests
start the real server and talk to it over sockets.
"""

import itertools
import os
import runpy
import socket
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings

from tests.support.site import Servers, base_environment

FORGED_HTTPS = {
    "X-Forwarded-Ssl": "on",
    "X-Forwarded-Protocol": "ssl",
}


@pytest.fixture
def start_gunicorn(tmp_path):
    """Start gunicorn with gunicorn.conf.py and extra environment; its port."""
    servers = Servers(tmp_path)
    env = base_environment(tmp_path) | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "PAGE_CACHE_URL": "locmemcache://",
        "WEB_CONCURRENCY": "2",
    }
    started = itertools.count()

    def start(**environment) -> int:
        url = servers.start(env | environment, f"server-{next(started)}")
        return int(url.rsplit(":", 1)[1])

    yield start
    servers.stop()


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout=10):
    """(status, headers) of one GET, sent as raw HTTP/1.0 so nothing is added."""
    lines = [f"GET {path} HTTP/1.0", "Host: 127.0.0.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    fields = dict(line.split(": ", 1) for line in head[1:] if ": " in line)
    return int(head[0].split()[1]), fields


def test_without_a_proxy_no_client_can_claim_https(start_gunicorn):
    port = start_gunicorn(HTTPS="true")

    for name, value in [*FORGED_HTTPS.items(), ("X-Forwarded-Proto", "https")]:
        status, headers = get(port, "/robots.txt", {name: value})

        assert status == 301, name
        assert headers["Location"] == "https://127.0.0.1/robots.txt"


def test_no_client_can_move_the_site_under_a_script_name(start_gunicorn):
    port = start_gunicorn(HTTPS="true")

    status, headers = get(port, "/robots.txt", {"SCRIPT_NAME": "/evil.example"})

    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/robots.txt"


def test_behind_a_proxy_only_its_x_forwarded_proto_is_believed(start_gunicorn):
    port = start_gunicorn(HTTPS="true", BEHIND_PROXY="true")

    assert get(port, "/robots.txt", {"X-Forwarded-Proto": "https"})[0] != 301
    for name, value in FORGED_HTTPS.items():
        assert get(port, "/robots.txt", {name: value})[0] == 301, name


def send_slowly(port: int, stop: threading.Event) -> None:
    """A client that sends one header line every half second, for ever."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        number = 0
        while not stop.wait(0.5):
            number += 1
            try:
                sock.sendall(f"X-Slow-{number}: {'x' * 10}\r\n".encode())
            except OSError:
                return


def test_the_site_answers_while_slow_clients_hold_connections(start_gunicorn):
    """Twice as many slow clients as `make serve` starts workers."""
    port = start_gunicorn()
    assert get(port, "/healthz")[0] == 200
    stop = threading.Event()
    slow = [
        threading.Thread(target=send_slowly, args=(port, stop), daemon=True)
        for _ in range(4)
    ]
    for client in slow:
        client.start()
    time.sleep(1)  # every slow client is connected and sending
    try:
        assert get(port, "/healthz", timeout=10)[0] == 200
    finally:
        stop.set()
        for client in slow:
            client.join(timeout=5)


def test_each_worker_is_ready_before_its_first_request(start_gunicorn, tmp_path):
    # Two workers: each loads the search dictionary and puts what it loaded out
    # of the garbage collector's reach before serving (gunicorn.conf.py).
    start_gunicorn()

    log = (tmp_path / "gunicorn-server-0.log").read_text()
    deadline = time.monotonic() + 30
    while log.count("Worker ready") < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        log = (tmp_path / "gunicorn-server-0.log").read_text()
    ready = [line for line in log.splitlines() if "Worker ready" in line]
    assert len(ready) == 2, log
    assert all(int(line.split(" loaded, ")[1].split()[0]) > 10_000 for line in ready)


@pytest.mark.parametrize(
    ("environment", "threads"),
    [({}, 8), ({"BEHIND_PROXY": "true"}, 1), ({"GUNICORN_THREADS": "3"}, 3)],
)
def test_workers_take_one_request_at_a_time_only_behind_the_proxy(
    monkeypatch, environment, threads
):
    # Without the proxy, threads absorb slow clients (the test above); behind
    # it, which reads whole requests, one at a time keeps the tail short.
    for name in ("BEHIND_PROXY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    # The file reads .env into the environment: whatever it adds goes after.
    with mock.patch.dict(os.environ):
        config = runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))

    assert config["worker_class"] == "gthread"
    assert config["threads"] == threads
