"""Requests/second and latency of real pages next to a trivial Django view.

Start the site as in production, with the trivial view turned on, and some
content (the demo release plus synthetic ones):

    .venv/bin/python manage.py loaddemo
    .venv/bin/python manage.py generate_demo --news 2000 --enterprises 10000
    SECRET_KEY=bench CLUSTER_BENCH_VIEWS=true make serve PORT=8105 WORKERS=2

(with its log sent to a file: `2>var/serve.log`), then, in another shell:

    .venv/bin/python bench/serve.py --url http://127.0.0.1:8105

It starts the yardstick itself: a bare Django WSGI app (bench/bare_wsgi.py, one
view returning the same fixed 20 KB page, no middleware) under the same
gunicorn settings (gunicorn.conf.py, --workers) on --bare-port, and stops it at
the end. Each page is hit by --connections connections for --seconds in all,
after a warm-up, in --rounds turns so that a busy moment of the machine hits
every page alike. The client is wrk (Debian package `wrk`) when installed,
else keep-alive Python threads (slower: on the same 2 cores they cap what the
server can show). Per page it prints requests/second (mean of the rounds), p50
(median of the rounds') and p99 (the worst round's), the p99/p50 ratio, and
each page's requests/second over the bare app's. Nothing is asserted. Add a
page by adding it to PATHS. `{release}` stands for the newest release's
address, read from /news/; `{n}` for a number that differs at each request
(wrk runs a script for it), so that the page is never served from the cache.
It also prints the uncached search's requests/second over the directory's.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The directory with three filters (the same as bench/enterprises.py).
DIRECTORY = "/enterprises/?town=guzhen&category=led-lighting&certification=ce"
PATHS = [
    "/",
    "/news/",
    "{release}",
    DIRECTORY,
    # The same directory page and the search as a buyer meets them: never
    # cached (each request's address differs, so each is drawn and stored anew).
    UNCACHED_DIRECTORY := f"{DIRECTORY}&fresh={{{{n}}}}",
    UNCACHED_SEARCH := "/search/?q=ceiling+light&fresh={{n}}",
    "/bench/fixed-20k/",
]
BASELINE = "/bench/fixed-20k/"
BARE = "bare Django app"
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.M)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses: (\d+)|Socket errors: (.*)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# wrk's "Latency  avg  stdev  max  +/- stdev" line: the slowest request.
WRK_MAX = re.compile(r"^\s+Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s)\s", re.M)
RELEASE_LINK = re.compile(r'href="(/news/(?!feed/)[\w-]+/)"')


def fetch(connection: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    connection.request("GET", path, headers={"Accept-Encoding": "identity"})
    response = connection.getresponse()
    return response.status, response.read()


def connect(url: urllib.parse.SplitResult) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)


def resolve(paths: list[str], url: urllib.parse.SplitResult) -> list[str]:
    status, body = fetch(connect(url), "/news/")
    if status != 200:
        raise SystemExit(f"/news/ answered {status}; is the site running?")
    match = RELEASE_LINK.search(body.decode())
    if match is None and "{release}" in paths:
        raise SystemExit("No release on /news/: load content first (see --help).")
    return [path.format(release=match.group(1) if match else "") for path in paths]


def fresh(path: str) -> str:
    """The path with its `{n}` made unique."""
    return path.replace("{n}", uuid.uuid4().hex)


# Each request's `{n}` a new number: wrk's threads each count from their own
# random start.
WRK_SCRIPT = """
local n = math.random(1, 1000000000)
request = function()
    n = n + 1
    return wrk.format(nil, (string.gsub(PATH, "{n}", tostring(n))))
end
"""


def hammer(url, path, seconds, latencies, errors, lock) -> None:
    connection = connect(url)
    local, failed = [], 0
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        try:
            status, _body = fetch(connection, fresh(path))
        except (OSError, http.client.HTTPException):
            failed += 1
            connection.close()
            connection = connect(url)
            continue
        local.append(time.perf_counter() - start)
        if status != 200:
            failed += 1
    with lock:
        latencies.extend(local)
        errors.append(failed)


def warm_up(url, path: str) -> None:
    """Fill the page cache and load the code in each worker before measuring."""
    connection = connect(url)
    for _ in range(20):
        fetch(connection, fresh(path))


def measure(url, path: str, seconds: float, concurrency: int) -> dict:
    latencies, errors, lock = [], [], threading.Lock()
    threads = [
        threading.Thread(
            target=hammer, args=(url, path, seconds, latencies, errors, lock)
        )
        for _ in range(concurrency)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "latencies": latencies,
        "elapsed": time.perf_counter() - started,
        "errors": sum(errors),
    }


def measure_with_wrk(url: str, seconds: float, connections: int) -> dict:
    """One wrk run: requests/second, p50 and p99 in ms, errors."""
    target = urllib.parse.urlsplit(url)
    path = target.path + (f"?{target.query}" if target.query else "")
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(f"PATH = {path!r}\n" + WRK_SCRIPT)
        script.flush()
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(2, connections)}",
                f"-c{connections}",
                f"-d{seconds:g}s",
                "--latency",
                "-H",
                "Accept-Encoding: identity",
                *(["--script", script.name] if "{n}" in path else []),
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    latency = {
        percent: float(value) * UNIT_MS[unit]
        for percent, value, unit in WRK_LATENCY.findall(out)
    }
    errors = sum(
        int(non_2xx) if non_2xx else sum(int(n) for n in re.findall(r"\d+", socket))
        for non_2xx, socket in WRK_ERRORS.findall(out)
    )
    slowest = WRK_MAX.search(out)
    return {
        "rps": float(WRK_RATE.search(out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "max": float(slowest.group(1)) * UNIT_MS[slowest.group(2)],
        "errors": errors,
    }


def measure_with_threads(url: str, seconds: float, connections: int) -> dict:
    target = urllib.parse.urlsplit(url)
    path = target.path + (f"?{target.query}" if target.query else "")
    run = measure(target, path, seconds, connections)
    latencies = sorted(run["latencies"])
    return {
        "rps": len(latencies) / run["elapsed"],
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": run["errors"],
    }


def summarise(path: str, runs: list[dict]) -> dict:
    return {
        "path": path,
        "rps": statistics.mean(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "max": max(run.get("max", 0) for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def start_bare_app(port: int, workers: int, log) -> subprocess.Popen:
    """gunicorn with the site's settings file, serving bench/bare_wsgi.py."""
    try:
        connect(urllib.parse.urlsplit(f"http://127.0.0.1:{port}")).connect()
    except OSError:
        pass  # free, as it must be
    else:
        raise SystemExit(f"Port {port} is taken: stop what listens there first.")
    environment = os.environ | {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--pythonpath",
            "bench",
            "bare_wsgi:application",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = fetch(
                connect(urllib.parse.urlsplit(f"http://127.0.0.1:{port}")), BASELINE
            )
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"The bare app did not start on port {port}; see {log.name}.")


def shortened(path: str, width: int = 44) -> str:
    """A path that fits the column, keeping its end (where pages differ)."""
    if len(path) <= width:
        return path
    return f"{path[: width - 19]}…{path[-18:]}"


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8105")
    parser.add_argument("--bare-port", type=int, default=8106)
    parser.add_argument("--workers", type=int, default=2, help="as the site's")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="pages take turns this many times, so a busy moment hits all alike",
    )
    parser.add_argument(
        "--client",
        choices=["wrk", "threads"],
        default="wrk" if shutil.which("wrk") else "threads",
    )
    parser.add_argument(
        "--path", action="append", dest="extra", default=[], help="another page"
    )
    args = parser.parse_args()
    site = urllib.parse.urlsplit(args.url)
    paths = resolve(PATHS + args.extra, site)
    targets = {path: f"{args.url.rstrip('/')}{path}" for path in paths}
    targets[BARE] = f"http://127.0.0.1:{args.bare_port}{BASELINE}"
    run_once = measure_with_wrk if args.client == "wrk" else measure_with_threads

    log = tempfile.NamedTemporaryFile(
        "w", prefix="bare-app-", suffix=".log", delete=False
    )
    bare = start_bare_app(args.bare_port, args.workers, log)
    try:
        for target in targets.values():
            target = urllib.parse.urlsplit(target)
            warm_up(target, target.path + (f"?{target.query}" if target.query else ""))
        runs = {name: [] for name in targets}
        for _round in range(args.rounds):
            for name, target in targets.items():
                runs[name].append(
                    run_once(target, args.seconds / args.rounds, args.connections)
                )
    finally:
        bare.terminate()
        bare.wait()
    results = [summarise(name, runs[name]) for name in targets]

    report(
        f"{args.connections} connections ({args.client}), {args.seconds:g} s per "
        f"page in {args.rounds} rounds, {args.workers} workers, site {args.url}"
    )
    report(
        f"{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'p99/p50':>8} {'/ bare':>7} {'errors':>7}"
    )
    bare_rps = next(r for r in results if r["path"] == BARE)["rps"]
    for result in results:
        report(
            f"{shortened(result['path']):<44} {result['rps']:>8.0f}"
            f" {result['p50']:>8.2f}"
            f" {result['p99']:>8.2f} {result['p99'] / result['p50']:>8.1f}"
            f" {result['rps'] / bare_rps:>7.2f} {result['errors']:>7}"
        )
    rps = {result["path"]: result["rps"] for result in results}
    search, directory = (
        rps.get(path.format(release=""))
        for path in (UNCACHED_SEARCH, UNCACHED_DIRECTORY)
    )
    if search and directory:
        report(
            f"uncached: search {search:.0f} req/s, directory {directory:.0f} req/s;"
            f" the search serves {search / directory:.2f} of the directory's"
        )


if __name__ == "__main__":
    main()
