"""Cached pages with Redis up, with Redis down, and rendered without a page cache.

    .venv/bin/python bench/redis_down.py [--seconds 20] [--connections 8]

Self-contained: it makes a scratch SQLite database with the demo content and
--news synthetic releases, starts its own redis-server on --redis-port (no
persistence), and serves the site as `make serve` does (gunicorn with
gunicorn.conf.py, --workers workers, DEBUG off) on --port with REDIS_URL
pointing at that Redis (the connect and read timeouts and the pause after a
failure are the settings' defaults, caching/resilient_cache.py). Then, for
`/` and a release page (the newest on /news/), each hit by --connections
connections for --seconds in --rounds turns (wrk when installed, else Python
threads, as bench/serve.py), it measures:

1. Redis up, page cache on: pages come from Redis.
2. Redis killed: the port refuses connections; the cache must fail at once
   and be skipped for a while, so pages are rendered, no slower than in 4.
3. Redis frozen (SIGSTOP; with --no-frozen, left out): the port accepts but
   never answers, so each try costs the timeouts until the cache is skipped.
4. Redis up, page cache off (CLUSTER_PAGE_CACHE_SECONDS=0, gunicorn started
   again): every page rendered, the yardstick for 2 and 3.

It prints requests/second (mean of the rounds), p50 (median of the rounds'),
p99 (the worst round's), the slowest request and errors per page and state.
Targets: Redis killed or frozen at least half the rate of 4, no request over
1 s. Nothing is asserted.
"""

import argparse
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

from _harness import prepare_site, site_environment, start_site, stop
from serve import (
    connect,
    measure_with_threads,
    measure_with_wrk,
    resolve,
    summarise,
    warm_up,
)

PATHS = ["/", "{release}"]


def start_redis(port: int, workdir: Path) -> subprocess.Popen:
    """A redis-server of its own on `port`, keeping nothing on disk."""
    redis = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            connect(urllib.parse.urlsplit(f"http://127.0.0.1:{port}")).connect()
            return redis
        except OSError:
            time.sleep(0.1)
    stop(redis)
    raise SystemExit(f"redis-server did not listen on port {port}.")


def measure_pages(base: str, paths: list[str], args) -> dict[str, dict]:
    run_once = measure_with_wrk if args.client == "wrk" else measure_with_threads
    for path in paths:  # load the code in each worker, fill the cache if any
        warm_up(urllib.parse.urlsplit(base + path), path)
    runs = {path: [] for path in paths}
    for _round in range(args.rounds):
        for path in paths:
            runs[path].append(
                run_once(base + path, args.seconds / args.rounds, args.connections)
            )
    return {path: summarise(path, runs[path]) for path in paths}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per page")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's")
    parser.add_argument("--port", type=int, default=8122)
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--news", type=int, default=200, help="synthetic releases")
    parser.add_argument(
        "--no-frozen", dest="frozen", action="store_false", help="skip state 3"
    )
    parser.add_argument(
        "--client",
        choices=["wrk", "threads"],
        default="wrk" if shutil.which("wrk") else "threads",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-redis-down-"))
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    cached = site_environment(workdir, args.port, args.workers, REDIS_URL=redis_url)
    rendered = cached | {"CLUSTER_PAGE_CACHE_SECONDS": "0"}
    base = f"http://127.0.0.1:{args.port}"
    results: list[tuple[str, dict]] = []

    redis, site = start_redis(args.redis_port, workdir), None
    with open(workdir / "site.log", "w") as log:
        try:
            prepare_site(cached, ["generate_demo", f"--news={args.news}", "-v0"])
            site = start_site(cached, log)
            paths = resolve(PATHS, urllib.parse.urlsplit(base))
            results.append(("Redis up", measure_pages(base, paths, args)))

            stop(redis)
            results.append(("Redis killed", measure_pages(base, paths, args)))

            if args.frozen:
                redis = start_redis(args.redis_port, workdir)
                redis.send_signal(signal.SIGSTOP)
                results.append(("Redis frozen", measure_pages(base, paths, args)))
                redis.send_signal(signal.SIGCONT)
            else:
                redis = start_redis(args.redis_port, workdir)

            stop(site)
            site = start_site(rendered, log)
            results.append(("page cache off", measure_pages(base, paths, args)))
        finally:
            if site is not None:
                stop(site)
            if redis.poll() is None:
                redis.send_signal(signal.SIGCONT)
                stop(redis)

    print(
        f"{args.connections} connections ({args.client}), {args.seconds:g} s per "
        f"page and state in {args.rounds} rounds, {args.workers} gunicorn workers, "
        f"SQLite, Redis on port {args.redis_port}"
    )
    print(
        f"{'state':<26} {'page':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
        f" {'max ms':>8} errors"
    )
    for state, pages in results:
        for path, result in pages.items():
            print(
                f"{state:<26} {path[:34]:<34} {result['rps']:>8.0f}"
                f" {result['p50']:>8.2f} {result['p99']:>8.2f} {result['max']:>8.0f}"
                f" {result['errors']:>6}"
            )
    print(f"load average after: {os.getloadavg()[0]:.2f} (workdir {workdir})")


if __name__ == "__main__":
    main()
