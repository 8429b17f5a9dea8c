"""The main pages rendered in-process, as ratios to the fixed page, against
another commit measured in the same run.

Run: .venv/bin/python bench/pages.py [--enterprises 10000] [--releases 2000]
     [--runs 20] [--baseline 4e7dad1] [--keep FOLDER]

Builds a throwaway SQLite database with the demo content and `--releases`
synthetic releases and `--enterprises` synthetic enterprises, then renders each
page `--runs` times with the whole-page cache off, once with this checkout and
once with `--baseline` (a git worktree of that commit, on a copy of the same
database), alternately. Each page's median is printed with its ratio to
`/bench/fixed-20k/` (a fixed 20 KB page through the whole middleware stack)
rendered in the same process: absolute times vary from day to day on a shared
machine, ratios much less. "After an edit" pages come after a new site version
that the process serving the edit has prepared; "another process" pages find
the new version's shared values in the cache only.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _harness import checkouts, measure, setup_django

DIRECTORY = "/enterprises/?town=guzhen&category=led-lighting&certification=ce"
FIXED = "/bench/fixed-20k/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--releases", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--baseline", default="4e7dad1", help="a commit, or ''")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--keep", type=Path, metavar="FOLDER")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-pages-"))
    make_content(folder, args)
    measured = checkouts(args.baseline, folder)
    results: dict[str, list[dict]] = {name: [] for name in measured}
    for _round in range(args.rounds):
        for name, checkout in measured.items():
            results[name].append(run_child(folder, name, checkout, args))
    print_comparison(args, folder, results)


def make_content(folder: Path, args) -> None:
    """The demo content and the synthetic rows, once per folder."""
    if (folder / "content.sqlite3").exists():
        return
    subprocess.run(
        [sys.executable, __file__, "--child", "--keep", str(folder / "make")]
        + ["--enterprises", str(args.enterprises), "--releases", str(args.releases)]
        + ["--runs", "0"],
        check=True,
    )
    shutil.copy(folder / "make" / "bench.sqlite3", folder / "content.sqlite3")


def run_child(folder: Path, name: str, checkout: Path, args) -> dict:
    """One checkout's figures, on its own copy of the content."""
    work = folder / f"run-{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(folder / "content.sqlite3", work / "bench.sqlite3")
    result = subprocess.run(
        [sys.executable, __file__, "--child", "--keep", str(work)]
        + ["--runs", str(args.runs)],
        env=os.environ | {"BENCH_ROOT": str(checkout)},
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def child(args) -> None:
    """In a fresh process: make the content (--runs 0) or measure the pages."""
    setup_django("pages", args.keep)
    from django.core.management import call_command
    from django.test import Client

    from enterprises.models import Enterprise
    from news.models import Release

    if args.runs == 0:
        call_command("loaddemo", verbosity=0)
        call_command(
            "generate_demo",
            news=args.releases,
            enterprises=args.enterprises,
            verbosity=0,
        )
        return
    releases = Release.objects.published().order_by("release_time")
    release = releases[releases.count() // 2]
    enterprises = Enterprise.objects.published().order_by("name")
    enterprise = enterprises[enterprises.count() // 2]
    pages = [
        ("fixed 20 KB page", FIXED),
        ("release page", release.get_absolute_url()),
        ("/ (home)", "/"),
        ("/news/", "/news/"),
        ("enterprise page", enterprise.get_absolute_url()),
        ("directory, three filters", DIRECTORY),
        ("/zh-hans/ release page", "/zh-hans" + release.get_absolute_url()),
    ]
    client = Client()
    figures = {label: measure(client, path, args.runs) for label, path in pages}
    for label, path in pages[1:4] + pages[5:6]:
        figures[f"{label}, after an edit"] = measure(
            client, path, args.runs, after_an_edit
        )
        figures[f"{label}, after an edit, another process"] = measure(
            client, path, args.runs, after_an_edit_elsewhere
        )
    figures["size"] = f"{Enterprise.objects.count()} enterprises, " + (
        f"{Release.objects.count()} releases"
    )
    print(json.dumps(figures))


def _page_cache():
    try:
        from caching import page_cache
    except ImportError:  # a commit from before the caching app
        from cluster_cms import page_cache
    return page_cache


def after_an_edit() -> None:
    """A new site version, prepared as the process that served the edit does."""
    page_cache = _page_cache()
    page_cache.invalidate()
    if hasattr(page_cache, "prepare_shared"):
        page_cache.prepare_shared()
    else:
        from caching import shared, version

        shared.prepare(version.stored_version())


def after_an_edit_elsewhere() -> None:
    """As above, seen from a process that holds none of the new values."""
    after_an_edit()
    page_cache = _page_cache()
    if hasattr(page_cache, "forget_held"):
        page_cache.forget_held()
    else:
        from caching import shared

        shared.forget_all()


def print_comparison(args, folder: Path, results: dict[str, list[dict]]) -> None:
    names = list(results)
    first = results[names[0]][0]
    print(
        f"{first['size']}, SQLite, {args.runs} runs per page and round, "
        f"{args.rounds} rounds, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load {os.getloadavg()[0]:.1f}; medians over rounds (content in {folder})"
    )
    header = f"{'page':<50}"
    for name in names:
        header += f" {name + ' ms':>10} {'× fixed':>8}"
    if len(names) > 1:
        header += f" {'this/' + names[1]:>12}"
    print(header)
    for label in first:
        if label == "size":
            continue
        line = f"{label:<50}"
        medians = []
        for name in names:
            rounds = results[name]
            median = sorted(r[label]["median_ms"] for r in rounds)[len(rounds) // 2]
            fixed = sorted(r["fixed 20 KB page"]["median_ms"] for r in rounds)[
                len(rounds) // 2
            ]
            medians.append(median)
            line += f" {median:>10.2f} {median / fixed:>8.1f}"
        if len(medians) > 1:
            line += f" {medians[0] / medians[1]:>12.2f}"
        print(line)


if __name__ == "__main__":
    main()
