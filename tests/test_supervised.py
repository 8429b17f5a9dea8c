"""`make serve` under supervisord: either process dies, the other goes on and the
dead one is back within seconds; Ctrl-C stops both.

The very command the Makefile runs (supervisord/serve.conf), with the site on its
own SQLite database and a free port.
"""

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
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

    os.kill(worker, signal.SIGKILL)
    statuses = []

    def worker_is_back() -> bool:
        statuses.append(page_status(f"{url}/"))
        return program(supervisor, "run_worker") not in (None, worker)

    wait_for(worker_is_back, what="a new worker", log_path=log_path)

    assert set(statuses) == {200}  # every page asked for meanwhile
    assert program(supervisor, "gunicorn") == web  # the web server never stopped
    assert supervisor.poll() is None


def test_a_killed_web_server_is_back_within_seconds_and_the_worker_goes_on(served):
    supervisor, url, log_path = served
    worker = program(supervisor, "run_worker")
    web = program(supervisor, "gunicorn")
    orphans = list(children(web))

    os.kill(web, signal.SIGKILL)

    def new_server_listens() -> bool:
        new = program(supervisor, "gunicorn")
        log = log_path.read_text(errors="replace")
        return new not in (None, web) and f"Listening at: {url} ({new})" in log

    wait_for(new_server_listens, what="a new web server listening", log_path=log_path)
    # Its workers load the app and the search dictionary first: seconds on a
    # quiet machine, longer on a busy one; visitors' requests wait meanwhile.
    wait_for(
        lambda: page_status(f"{url}/") == 200,
        what="pages served by the new web server",
        log_path=log_path,
        seconds=90,
    )

    assert program(supervisor, "run_worker") == worker
    assert supervisor.poll() is None
    # The dead server's own workers see their parent gone and leave.
    wait_for(
        lambda: not [pid for pid in orphans if Path(f"/proc/{pid}/cmdline").exists()],
        what="the old workers' exit",
        log_path=log_path,
    )


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
