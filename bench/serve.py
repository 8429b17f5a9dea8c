"""Requests/second and latency of real pages next to a trivial Django view.

Start the site as in production, with the trivial view turned on, and some
content (the demo release plus synthetic ones):

    .venv/bin/python manage.py loaddemo
    .venv/bin/python manage.py generate_demo --news 2000 --enterprises 10000
    SECRET_KEY=bench CLUSTER_BENCH_VIEWS=true make serve PORT=8105 WORKERS=2

then, in another shell:

    .venv/bin/python bench/serve.py --url http://127.0.0.1:8105

Each path is hit by --concurrency keep-alive clients for --seconds in all,
after a warm-up, in --rounds turns so that a busy moment of the machine hits
every page alike; the figures are printed, nothing is asserted. Add a page by adding it
to PATHS. `{release}` stands for the newest release's address, read from /news/.
"""

import argparse
import http.client
import re
import statistics
import sys
import threading
import time
import urllib.parse

PATHS = [
    "/",
    "/news/",
    "{release}",
    # The directory with three filters (the same as bench/enterprises.py).
    "/enterprises/?town=guzhen&category=led-lighting&certification=ce",
    "/bench/fixed-20k/",
]
BASELINE = "/bench/fixed-20k/"
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


def hammer(url, path, seconds, latencies, errors, lock) -> None:
    connection = connect(url)
    local, failed = [], 0
    deadline = time.perf_counter() + seconds
    while (start := time.perf_counter()) < deadline:
        try:
            status, _body = fetch(connection, path)
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
        fetch(connection, path)


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


def summarise(path: str, runs: list[dict]) -> dict:
    latencies = sorted(latency for run in runs for latency in run["latencies"])
    return {
        "path": path,
        "rps": len(latencies) / sum(run["elapsed"] for run in runs),
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": sum(run["errors"] for run in runs),
    }


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8105")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="pages take turns this many times, so a busy moment hits all alike",
    )
    parser.add_argument(
        "--path", action="append", dest="extra", default=[], help="another page"
    )
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.url)
    paths = resolve(PATHS + args.extra, url)

    for path in paths:
        warm_up(url, path)
    runs = {path: [] for path in paths}
    for _round in range(args.rounds):
        for path in paths:
            runs[path].append(
                measure(url, path, args.seconds / args.rounds, args.concurrency)
            )
    results = [summarise(path, runs[path]) for path in paths]

    report(f"{args.concurrency} clients, {args.seconds:g} s per page, {args.url}")
    report(f"{'page':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for result in results:
        report(
            f"{result['path'][:44]:<44} {result['rps']:>8.0f} {result['p50']:>8.1f}"
            f" {result['p99']:>8.1f} {result['errors']:>7}"
        )
    baseline = next(r for r in results if r["path"] == BASELINE)["rps"]
    for result in results:
        if result["path"] != BASELINE:
            report(
                f"ratio {result['path'][:44]} / trivial view: "
                f"{result['rps'] / baseline:.2f}"
            )


if __name__ == "__main__":
    main()
