"""The home page's latency while a task worker imports a large spreadsheet.

    .venv/bin/python bench/import_load.py [--rows 20000] [--seconds 20]

Self-contained: it makes a scratch SQLite database (or uses the empty one named
by BENCH_DATABASE_URL), loads the demo content, collects static files, and
starts the site as `make serve` does (gunicorn with gunicorn.conf.py, --workers
workers, plus one `manage.py run_worker`), all sharing a file cache. Pages are
rendered on every request (CLUSTER_PAGE_CACHE_SECONDS=0), as for a visitor who
misses the cache. The home page is hit by --connections keep-alive threads
(bench/serve.py's, in 2-second turns) for --seconds with no import, then from
the moment a confirmed import of --rows directory rows is queued until the
worker has stored it (to the 2-second turn). It prints p50 and p99 of both and
the import's rows/second, queued to done as the editor sees it.
Nothing is asserted.
"""

import argparse
import os
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from _harness import (
    prepare_site,
    site_environment,
    start_site,
    start_worker,
    stop,
    use_site_database,
)
from serve import connect, fetch, measure


def spreadsheet(rows: int) -> bytes:
    """`rows` new enterprises in a town and category the migrations create."""
    lines = [
        "name,name_zh,slug,credit_code,town,categories,certifications,"
        "export_markets,is_member,is_published"
    ]
    lines += [
        f"Bench Lamp Works {n:06},,,,guzhen,LED lighting,CE,DE,no,yes"
        for n in range(rows)
    ]
    return "\r\n".join(lines).encode()


def load_while(url, connections: int, going_on) -> dict:
    """Hit `url` from `connections` threads, in 2-second turns, while `going_on()`."""
    latencies, errors, elapsed = [], 0, 0.0
    while True:
        run = measure(url, url.path, 2.0, connections)
        latencies += run["latencies"]
        errors += run["errors"]
        elapsed += run["elapsed"]
        if not going_on():
            break
    latencies.sort()
    if not latencies:
        raise SystemExit("No request was answered.")
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000,
        "errors": errors,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seconds", type=float, default=20.0, help="without import")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's")
    parser.add_argument("--port", type=int, default=8121)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-load-"))
    env = site_environment(
        workdir, args.port, args.workers, CLUSTER_PAGE_CACHE_SECONDS="0"
    )
    prepare_site(env)

    use_site_database(env)
    from django.contrib.auth import get_user_model

    from enterprises import tasks
    from enterprises.models import DirectoryImport, Enterprise

    editor = get_user_model().objects.create_superuser("bench-editor", "", "x")
    url = urllib.parse.urlsplit(f"http://127.0.0.1:{args.port}/")
    log = workdir / "site.log"
    with open(log, "w") as output:
        site = start_site(env, output)
        worker = start_worker(env, output)
        try:
            for _ in range(20):  # load the code and templates in each worker
                fetch(connect(url), "/")
            quiet_until = time.monotonic() + args.seconds
            quiet = load_while(
                url, args.connections, lambda: time.monotonic() < quiet_until
            )
            job = DirectoryImport.objects.create(
                editor=editor,
                file_name="bench.csv",
                file_format="csv",
                data=spreadsheet(args.rows),
                language="en",
                status=DirectoryImport.Status.IMPORTING,
            )
            tasks.run_directory_import.enqueue(import_id=job.pk)

            busy = load_while(
                url,
                args.connections,
                DirectoryImport.objects.filter(
                    pk=job.pk, status=DirectoryImport.Status.IMPORTING
                ).exists,
            )
        finally:
            for process in (site, worker):
                stop(process)
    job.refresh_from_db()
    if job.status != DirectoryImport.Status.DONE:
        raise SystemExit(f"The import ended {job.status}: {job.report['errors']}")
    # Created just before it was queued, updated by the import's last write.
    seconds = (job.updated_at - job.created_at).total_seconds()
    stored = Enterprise.objects.filter(name__startswith="Bench Lamp Works").count()

    print(
        f"home page, {args.connections} connections, {args.workers} gunicorn "
        f"workers + 1 task worker, page cache off, {env['DATABASE_URL'].split(':')[0]}"
    )
    print(f"{'':<28} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p99 ms':>8} errors")
    for label, run in (("no import", quiet), ("during the import", busy)):
        print(
            f"{label:<28} {run['requests']:>9} {run['rps']:>7.1f} {run['p50']:>8.1f}"
            f" {run['p99']:>8.1f} {run['errors']:>6}"
        )
    print(
        f"import: {stored} rows stored in {seconds:.1f} s, "
        f"{stored / seconds:.1f} rows/s (queued to done)"
    )
    print(f"load average after: {os.getloadavg()[0]:.2f} (workdir {workdir})")


if __name__ == "__main__":
    main()
