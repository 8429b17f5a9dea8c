"""Sustained page load while messages are submitted, against `make serve`.

Starts `make serve` (gunicorn, DEBUG off, --workers workers) on 127.0.0.1:--port
with a throwaway SQLite database and file cache in a temporary folder, the demo
release plus --news synthetic releases and --enterprises synthetic enterprises,
and the rate limits on messages and codes raised. Then, for --seconds:

- --readers keep-alive clients read `/`, `/news/`, a release and the directory
  with three filters (bench/serve.py's pages), each client going round them;
- --writers visitors leave messages as a browser does (bench/leave_message.py's
  Visitor): fetch a code and CSRF token from /contact/code/, read the code's
  answer from the database (as a person reads the image), and post, flat out
  or --pause seconds apart.

It prints requests/second, p50/p99 latency and errors per page and for all
reads, the same for the message posts, and checks that every accepted message
(answered by a redirect) is stored: exit status 1 if not. Only 127.0.0.1.

    .venv/bin/python bench/load.py [--port 8120] [--seconds 30] [--readers 4]
        [--writers 2] [--pause 0] [--workers 2] [--news 2000] [--enterprises 10000]

The first run collects the static files into staticfiles/, as `make serve` does.
"""

import argparse
import http.client
import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from _harness import answers
from leave_message import Visitor
from serve import BASELINE, PATHS, connect, fetch, report, resolve, summarise, warm_up

ROOT = Path(__file__).resolve().parent.parent
READ_PATHS = [path for path in PATHS if path != BASELINE]


def prepare(workdir: Path, args) -> dict:
    """Environment for the site, its database migrated and filled."""
    env = os.environ | {
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'load.sqlite3'}",
        "CACHE_URL": f"filecache://{workdir / 'cache'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "EMAIL_URL": "dummymail://",
        "CLUSTER_MESSAGE_RECIPIENTS": "staff@example.com",
        "CLUSTER_MESSAGE_RATE_LIMIT": "1000000",
        "CLUSTER_CODE_RATE_LIMIT": "1000000",
    }
    env.pop("REDIS_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["loaddemo"],
        ["generate_demo", f"--news={args.news}", f"--enterprises={args.enterprises}"],
    ):
        done = subprocess.run([*manage, *command], env=env, capture_output=True)
        if done.returncode:
            raise SystemExit(f"{command[0]} failed:\n{done.stderr.decode()}")
    return env


def start_server(env: dict, workdir: Path, args) -> subprocess.Popen:
    # Its own process group, so that stopping it stops make and gunicorn alike.
    with open(workdir / "serve.log", "wb") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "serve"]
            + [f"PORT={args.port}", f"WORKERS={args.workers}", "HOST=127.0.0.1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    # A first run collects the static files.
    if not answers(server, f"http://127.0.0.1:{args.port}/healthz", seconds=300):
        stop_server(server)
        raise SystemExit(f"make serve did not answer; see {workdir / 'serve.log'}")
    return server


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def read_pages(url, paths, offset, deadline, results, lock) -> None:
    """One reader: a keep-alive client going round the pages until the deadline."""
    connection = connect(url)
    latencies = {path: [] for path in paths}
    errors = dict.fromkeys(paths, 0)
    rotation = itertools.islice(itertools.cycle(paths), offset, None)
    for path in rotation:
        start = time.perf_counter()
        if start >= deadline:
            break
        try:
            status, _body = fetch(connection, path)
        except (OSError, http.client.HTTPException):
            errors[path] += 1
            connection.close()
            connection = connect(url)
            continue
        latencies[path].append(time.perf_counter() - start)
        if status != 200:
            errors[path] += 1
    with lock:
        for path in paths:
            results[path]["latencies"].extend(latencies[path])
            results[path]["errors"] += errors[path]


def leave_messages(base, database, numbers, pause, deadline, outcome, lock) -> None:
    """One writer: valid messages, `pause` seconds apart, until the deadline."""
    visitor = Visitor(base, database)
    latencies, accepted, refused, failed = [], 0, 0, 0
    while time.perf_counter() < deadline:
        time.sleep(pause)
        try:
            status, elapsed = visitor.submit(visitor.code(), next(numbers))
        except (OSError, ValueError):
            failed += 1
            continue
        latencies.append(elapsed)
        if status == 302:
            accepted += 1
        else:
            refused += 1
    with lock:
        outcome["latencies"].extend(latencies)
        outcome["accepted"] += accepted
        outcome["refused"] += refused
        outcome["errors"] += failed


def stored_messages(database: str) -> int:
    with sqlite3.connect(database, timeout=30) as connection:
        return connection.execute("SELECT COUNT(*) FROM contact_message").fetchone()[0]


def run_load(args, database: str) -> tuple[list[dict], dict, float]:
    base = f"http://127.0.0.1:{args.port}"
    url = urllib.parse.urlsplit(base)
    paths = resolve(READ_PATHS, url)
    for path in paths:
        warm_up(url, path)
    reads = {path: {"latencies": [], "errors": 0} for path in paths}
    writes = {"latencies": [], "accepted": 0, "refused": 0, "errors": 0}
    lock, numbers = threading.Lock(), itertools.count(1)
    started = time.perf_counter()
    deadline = started + args.seconds
    threads = [
        threading.Thread(target=read_pages, args=(url, paths, n, deadline, reads, lock))
        for n in range(args.readers)
    ] + [
        threading.Thread(
            target=leave_messages,
            args=(base, database, numbers, args.pause, deadline, writes, lock),
        )
        for _ in range(args.writers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    runs = {path: [reads[path] | {"elapsed": elapsed}] for path in paths}
    results = [summarise(path, runs[path]) for path in paths]
    every = {
        "latencies": [t for path in paths for t in reads[path]["latencies"]],
        "errors": sum(reads[path]["errors"] for path in paths),
        "elapsed": elapsed,
    }
    results.append(summarise("all pages", [every]))
    return results, writes, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8120)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=2)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.0,
        help="seconds each writer waits between messages (0: flat out)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--news", type=int, default=2000)
    parser.add_argument("--enterprises", type=int, default=10000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-load-") as folder:
        workdir = Path(folder)
        database = str(workdir / "load.sqlite3")
        env = prepare(workdir, args)
        server = start_server(env, workdir, args)
        try:
            results, writes, elapsed = run_load(args, database)
        finally:
            stop_server(server)
        stored = stored_messages(database)

    report(
        f"make serve, {args.workers} workers, SQLite; {args.news} releases, "
        f"{args.enterprises} enterprises; {args.readers} readers and "
        f"{args.writers} message writers ({args.pause:g} s apart) for {elapsed:.1f} s"
    )
    report(f"{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    if writes["latencies"]:
        posts = {
            "latencies": writes["latencies"],
            "errors": writes["refused"] + writes["errors"],
            "elapsed": elapsed,
        }
        results.append(summarise("POST /contact/ (a valid message)", [posts]))
    for result in results:
        report(
            f"{result['path'][:44]:<44} {result['rps']:>8.1f} {result['p50']:>8.1f}"
            f" {result['p99']:>8.1f} {result['errors']:>7}"
        )
    report(
        f"messages: {writes['accepted']} accepted, {writes['refused']} refused, "
        f"{writes['errors']} errors; {stored} stored"
    )
    ok = stored == writes["accepted"]
    report("every accepted message is stored: " + ("OK" if ok else "FAILED"))
    if not ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
