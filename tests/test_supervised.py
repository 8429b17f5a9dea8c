"""`make serve` under supervisord: either process dies, the other goes on and the
dead one is back within 10 s, while visitors read pages; Ctrl-C stops both.

The very command the Makefile runs (supervisord/serve.conf), with the site on its
own SQLite database and a free port.
"""

import os
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from tests.support import processes
from tests.support.site import base_environment, collect_static, manage

BACK_WITHIN = 10  # seconds


def children(pid: int) -> dict[int, str]:
    """The live child processes of `pid`, with their command lines."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        # The state and the parent follow the command name, which may hold spaces.
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found[int(entry.name)] = command
    return found


def program(supervisor: subprocess.Popen, marker: str) -> int | None:
    """The pid of supervisord's child whose command line holds `marker`."""
    for pid, command in children(supervisor.pid).items():
        if marker in command:
            return pid
    return None


def page_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


@pytest.fixture(scope="module")
def site_environment(tmp_path_factory):
    """A migrated database and collected static files, shared by the tests."""
    folder = tmp_path_factory.mktemp("supervised")
    env = base_environment(folder) | {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "CACHE_URL": f"filecache://{folder / 'cache'}",
        "WEB_CONCURRENCY": "1",
    }
    manage(env, "migrate", "--noinput", "-v0")
    collect_static(env)
    return env


@pytest.fixture
def served(site_environment, tmp_path):
    """supervisord running serve.conf as `make serve` does: (process, URL, log)."""
    port = processes.free_port()
    env = site_environment | {"GUNICORN_BIND": f"127.0.0.1:{port}"}
    log_path = tmp_path / "supervisord.log"
    with open(log_path, "wb") as log:
        supervisor = subprocess.Popen(
            [
                str(Path(settings.BASE_DIR) / ".venv" / "bin" / "supervisord"),
                "--nodaemon",
                "--configuration",
                str(Path(settings.BASE_DIR) / "supervisord" / "serve.conf"),
                "--pidfile",
                str(tmp_path / "supervisord.pid"),
            ],
            cwd=tmp_path,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            lambda: page_status(f"{url}/") == 200 and program(supervisor, "run_worker"),
            what="the site and its worker",
            log_path=log_path,
            seconds=60,
        )
        yield supervisor, url, log_path
    finally:
        processes.stop(supervisor)


@contextmanager
def visitors(url: str, count: int = 3) -> Iterator[list[tuple[float, int | None]]]:
    """`count` visitors reading pages one after another meanwhile: the load a
    restart has to start under. Yields their (time, status) answers."""
    answers = []
    reading = True

    def read(path: str) -> None:
        while reading:
            answers.append((time.monotonic(), page_status(url + path)))

    threads = [
        threading.Thread(target=read, args=(path,))
        for path in ["/", "/news/", "/enterprises/"][:count]
    ]
    for thread in threads:
        thread.start()
    try:
        yield answers
    finally:
        reading = False
        for thread in threads:
            thread.join()


def wait_for(condition, *, what, log_path, seconds=BACK_WITHIN):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {seconds} s\n{log_path.read_text()}")
        time.sleep(0.1)


def test_a_killed_worker_is_back_within_seconds_and_the_site_never_stops(served):
    supervisor, url, log_path = served
    worker = program(supervisor, "run_worker")
    web = program(supervisor, "gunicorn")

    with visitors(url) as answers:
        os.kill(worker, signal.SIGKILL)
        wait_for(
            lambda: program(supervisor, "run_worker") not in (None, worker),
            what="a new worker",
            log_path=log_path,
        )

    assert {status for _, status in answers} == {200}  # every page meanwhile
    assert program(supervisor, "gunicorn") == web  # the web server never stopped
    assert supervisor.poll() is None


def test_a_killed_web_server_serves_again_within_seconds_and_the_worker_goes_on(
    served,
):
    supervisor, url, log_path = served
    worker = program(supervisor, "run_worker")
    web = program(supervisor, "gunicorn")
    orphans = list(children(web))

    def served_by_a_new_server() -> bool:
        # The dead server's workers see their parent gone and leave; until
        # then a page may still be theirs.
        return (
            not [pid for pid in orphans if Path(f"/proc/{pid}/cmdline").exists()]
            and program(supervisor, "gunicorn") not in (None, web)
            and page_status(f"{url}/") == 200
        )

    with visitors(url):
        os.kill(web, signal.SIGKILL)
        wait_for(
            served_by_a_new_server,
            what="pages served by a new web server",
            log_path=log_path,
        )

    assert program(supervisor, "run_worker") == worker
    assert supervisor.poll() is None


def test_ctrl_c_stops_both(served):
    supervisor, url, log_path = served
    running = [
        pid
        for child in children(supervisor.pid)
        for pid in [child, *children(child)]  # gunicorn's workers too
    ]

    supervisor.send_signal(signal.SIGINT)

    assert supervisor.wait(timeout=60) == 0
    assert not [pid for pid in running if Path(f"/proc/{pid}").exists()]
    assert page_status(f"{url}/") is None
