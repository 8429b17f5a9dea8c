"""/contact/code/ and the worker's own reports while a directory import runs.

    .venv/bin/python bench/import_lock.py [--rows 5000] [--seconds 10]

Self-contained, on SQLite (one writer at a time): it makes a scratch database
with the demo content and starts the site as `make serve` does (gunicorn with
gunicorn.conf.py, plus one `manage.py run_worker`), as bench/import_load.py
does. One client asks for an identifying code as the footer form's script does,
four times a second: for --seconds with no import, then while the worker checks
a file of --rows new enterprises (the dry run), then while it imports it. Each
answer is written to the database (a code is a row), so it needs SQLite's write
lock. It prints, for each phase, the codes asked for, how many were refused
(503 after the 20-second lock timeout, or any other failure), p50, p99 and the
slowest answer, and the longest the worker's report (written every few seconds)
was seen to lag. Nothing is asserted.
"""

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from _harness import (
    prepare_site,
    site_environment,
    start_site,
    start_worker,
    stop,
    use_site_database,
)
from import_load import spreadsheet


class Prober(threading.Thread):
    """Asks for a code four times a second and reads the worker's last report,
    until told to stop; each phase's figures are read with `take()`."""

    def __init__(self, base: str, database: Path):
        super().__init__(daemon=True)
        self.base, self.database = base, database
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.refused = 0
        self.report_lag = 0.0

    def run(self) -> None:
        while not self.stopping.is_set():
            started = time.perf_counter()
            request = urllib.request.Request(
                f"{self.base}/contact/code/", headers={"X-Contact-Code": "1"}
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    json.load(response)
                    refused = response.status != 200
            except (urllib.error.URLError, OSError, ValueError):
                refused = True
            elapsed = time.perf_counter() - started
            lag = self.worker_report_lag()
            with self.lock:
                self.latencies.append(elapsed)
                self.refused += refused
                self.report_lag = max(self.report_lag, lag)
            time.sleep(max(0.0, 0.25 - elapsed))

    def worker_report_lag(self) -> float:
        # WAL: reading needs no lock, so this sees what the worker last wrote.
        with sqlite3.connect(self.database, timeout=60) as connection:
            row = connection.execute(
                "SELECT MAX(last_seen_at) FROM background_workerreport"
            ).fetchone()
        if not row or not row[0]:
            return 0.0
        seen = datetime.fromisoformat(row[0]).replace(tzinfo=UTC)
        return (datetime.now(UTC) - seen).total_seconds()

    def take(self) -> dict:
        with self.lock:
            latencies, self.latencies = sorted(self.latencies), []
            refused, self.refused = self.refused, 0
            lag, self.report_lag = self.report_lag, 0.0
        return {
            "asked": len(latencies),
            "refused": refused,
            "p50": statistics.median(latencies) * 1000 if latencies else 0.0,
            "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)] * 1000
            if latencies
            else 0.0,
            "max": latencies[-1] * 1000 if latencies else 0.0,
            "lag": lag,
        }


def wait_while(condition) -> float:
    started = time.monotonic()
    while condition():
        time.sleep(0.5)
    return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="without import")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn's")
    parser.add_argument("--port", type=int, default=8123)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-lock-"))
    env = site_environment(
        workdir,
        args.port,
        args.workers,
        CLUSTER_PAGE_CACHE_SECONDS="0",
        # One client asks for every code: its limit must not be what refuses.
        CLUSTER_CODE_RATE_LIMIT="1000000",
    )
    prepare_site(env)
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))

    use_site_database(env)
    from django.contrib.auth import get_user_model

    from enterprises import tasks
    from enterprises.models import DirectoryImport, Enterprise

    editor = get_user_model().objects.create_superuser("bench-editor", "", "x")
    figures = {}
    log = workdir / "site.log"
    with open(log, "w") as output:
        site = start_site(env, output)
        worker = start_worker(env, output)
        prober = Prober(f"http://127.0.0.1:{args.port}", database)
        try:
            prober.start()
            time.sleep(args.seconds)
            figures["no import"] = prober.take() | {"seconds": args.seconds}

            job = DirectoryImport.objects.create(
                editor=editor,
                file_name="bench.csv",
                file_format="csv",
                data=spreadsheet(args.rows),
                language="en",
            )
            status = DirectoryImport.Status
            for phase, task, running in (
                ("check", tasks.check_directory_import, status.CHECKING),
                ("import", tasks.run_directory_import, status.IMPORTING),
            ):
                # The check leaves the import waiting for the editor's go.
                this_job = DirectoryImport.objects.filter(pk=job.pk)
                this_job.update(status=running)
                task.enqueue(import_id=job.pk)
                seconds = wait_while(this_job.filter(status=running).exists)
                figures[f"during the {phase}"] = prober.take() | {"seconds": seconds}
        finally:
            prober.stopping.set()
            for process in (site, worker):
                stop(process)
    job.refresh_from_db()
    stored = Enterprise.objects.filter(name__startswith="Bench Lamp Works").count()

    print(
        f"/contact/code/ 4 times a second, {args.rows} rows, {args.workers} gunicorn "
        "workers + 1 task worker, SQLite"
    )
    print(
        f"{'':<20} {'seconds':>8} {'asked':>6} {'refused':>8} {'p50 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'report lag s':>13}"
    )
    for label, run in figures.items():
        print(
            f"{label:<20} {run['seconds']:>8.1f} {run['asked']:>6} "
            f"{run['refused']:>8} {run['p50']:>8.1f} {run['p99']:>8.1f} "
            f"{run['max']:>8.1f} {run['lag']:>13.1f}"
        )
    print(f"import ended {job.status}: {stored} rows stored")
    print(f"load average after: {os.getloadavg()[0]:.2f} (workdir {workdir})")


if __name__ == "__main__":
    main()
