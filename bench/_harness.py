"""Shared set-up for the benchmarks: a throwaway SQLite database, in process
or served by gunicorn."""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def checkouts(baseline: str, folder: Path) -> dict[str, Path]:
    """This checkout, and `baseline` (a commit, or '' for none) as a git
    worktree in `folder`: what a benchmark measures side by side in one run."""
    found = {"this": ROOT}
    if baseline:
        worktree = folder / f"baseline-{baseline}"
        if not worktree.exists():
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(worktree), baseline],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        found[baseline] = worktree
    return found


def setup_django(database_name: str, workdir: Path | None = None) -> Path:
    """Point Django at a fresh SQLite file in a temp folder and migrate it.

    With `workdir`, the database (and cache) live there and are kept: a second
    run with the same folder finds its content already made.
    """
    if workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix=f"bench-{database_name}-"))
    (workdir / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise needs it
    os.environ.update(
        STATIC_ROOT=str(workdir / "static"),
        # BENCH_DATABASE_URL: an empty scratch database (PostgreSQL, say).
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{workdir / 'bench.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        CACHE_URL=f"filecache://{workdir / 'cache'}",
        PAGE_CACHE_URL=f"filecache://{workdir / 'page-cache'}",
        CLUSTER_BENCH_VIEWS="true",
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key",
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="cluster_cms.settings",
        # These benchmarks time rendering; bench/serve.py times the page cache.
        CLUSTER_PAGE_CACHE_SECONDS="0",
    )
    # BENCH_ROOT: another checkout of the site (bench/pages.py --baseline).
    sys.path.insert(0, os.environ.get("BENCH_ROOT", str(ROOT)))
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    # In-process renders skip collectstatic: plain static names, as in tests.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        }
    ).enable()
    call_command("migrate", verbosity=0)
    return workdir


def measure(client, path: str, runs: int, before_each=None) -> dict:
    """Render `path` `runs` times; return median/p95 milliseconds and query count.

    `before_each`, when given, runs untimed before every rendering (to drop a cache,
    say).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm template and connection caches
    timings, cpu_timings = [], []
    for _ in range(runs):
        if before_each is not None:
            before_each()
        with CaptureQueriesContext(connection) as queries:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu_timings.append((time.process_time() - cpu_start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
    timings.sort()
    return {
        "median_ms": statistics.median(timings),
        "p95_ms": timings[max(0, int(len(timings) * 0.95) - 1)],
        # CPU time of this process: what the rendering costs, even while other
        # jobs share the cores and stretch the wall-clock figures.
        "cpu_median_ms": statistics.median(cpu_timings),
        "queries": len(queries),
    }


def print_table(title: str, rows: list[tuple[str, dict]]) -> None:
    print(title)
    print(f"{'page':<44} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>7} {'queries':>8}")
    for label, figures in rows:
        print(
            f"{label:<44} {figures['median_ms']:>10.1f} {figures['p95_ms']:>8.1f}"
            f" {figures['cpu_median_ms']:>7.1f} {figures['queries']:>8}"
        )


def news_arguments(description: str) -> argparse.Namespace:
    """`--releases` and `--runs`, shared by the news benchmarks."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    return parser.parse_args()


def load_news(releases: int):
    """The demo content plus `releases` synthetic ones; return one from the middle."""
    from django.core.management import call_command

    from news.models import Release

    call_command("loaddemo", verbosity=0)
    call_command("generate_demo", news=releases, verbosity=0)
    return Release.objects.published().order_by("release_time")[releases // 2]


def print_news_table(runs: int, rows: list[tuple[str, dict]]) -> None:
    """The news benchmarks' table, titled with what was measured."""
    import platform

    from news.models import Release

    print_table(
        f"{Release.objects.count()} releases, SQLite, {runs} runs each, "
        f"Python {platform.python_version()}",
        rows,
    )


# Served benchmarks: the site under gunicorn, as `make serve` runs it.

MANAGE = [str(ROOT / ".venv/bin/python"), "manage.py"]


def site_environment(workdir: Path, port: int, workers: int, **settings: str) -> dict:
    """The environment of a site served as in production (DEBUG off, gunicorn
    with gunicorn.conf.py) on 127.0.0.1:`port`, with a scratch SQLite database
    (or the empty one BENCH_DATABASE_URL names) and file caches in `workdir`;
    `settings` adds or overrides variables (REDIS_URL, say)."""
    environment = os.environ | {
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "CACHE_URL": f"filecache://{workdir / 'cache'}",
        "PAGE_CACHE_URL": f"filecache://{workdir / 'page-cache'}",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CLUSTER_SERVE_MEDIA": "true",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
    }
    environment.pop("REDIS_URL", None)  # only where a benchmark sets it
    return environment | settings


def prepare_site(environment: dict, *more_commands: list[str]) -> None:
    """Migrate the scratch database, collect the static files, load the demo
    content, then run `more_commands` (["generate_demo", "--news=200"], say)."""
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["loaddemo", "-v0"],
        *more_commands,
    ):
        subprocess.run(MANAGE + command, cwd=ROOT, env=environment, check=True)


def use_site_database(environment: dict) -> None:
    """Django in this process on the served site's settings and database: to
    make rows for it and read what it stored."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def start_worker(environment: dict, log) -> subprocess.Popen:
    """The task worker beside the site, as `make serve` runs it."""
    return subprocess.Popen(
        MANAGE + ["run_worker", "--no-reload"],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=log,
    )


def start_site(
    environment: dict, log, root: Path = ROOT, seconds: float = 60
) -> subprocess.Popen:
    """gunicorn serving the site in `environment`, once its home page answers."""
    site = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py"],
        # `root`: another checkout of the site, served with this one's packages.
        cwd=root,
        env=environment,
        stdout=log,
        stderr=log,
    )
    if not answers(site, f"http://{environment['GUNICORN_BIND']}/", seconds):
        stop(site)
        raise SystemExit(f"The site did not answer; see {log.name}.")
    return site


def answers(server: subprocess.Popen, url: str, seconds: float = 60) -> bool:
    """Whether `url` answers 200 within `seconds` (False once `server` stops)."""
    from serve import connect, fetch

    address = urllib.parse.urlsplit(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if fetch(connect(address), address.path)[0] == 200:
                return True
        except OSError:
            time.sleep(0.3)
    return False


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait()
