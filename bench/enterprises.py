"""Render time and query count of the directory with 10,000 enterprises (SQLite).

Run: .venv/bin/python bench/enterprises.py [--enterprises 10000] [--runs 30]
"""

import argparse
import platform
import statistics
import time

from _harness import measure, print_table, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    setup_django("enterprises")
    from django.core.management import call_command
    from django.test import Client

    from enterprises.models import Enterprise

    start = time.perf_counter()
    call_command("generate_demo", enterprises=args.enterprises, verbosity=0)
    generated = time.perf_counter() - start
    middle = Enterprise.objects.published().order_by("name")[args.enterprises // 2]
    pages = [
        ("/enterprises/", "/enterprises/"),
        (
            "three filters (town, category, certification)",
            "/enterprises/?town=guzhen&category=led-lighting&certification=ce",
        ),
        ("search (?q=crystal)", "/enterprises/?q=crystal"),
        ("deep page (?page=400)", "/enterprises/?page=400"),
        (
            "all filters, newest first",
            "/enterprises/?town=guzhen&category="
            "led-lighting&certification=ce&market=DE&member=no&q=lamp&sort=newest",
        ),
        ("detail page", middle.get_absolute_url()),
        ("/enterprises/overview/", "/enterprises/overview/"),
        ("/ (home)", "/"),
        ("/zh-hans/enterprises/", "/zh-hans/enterprises/"),
        # Four in five synthetic entries have a Chinese description with this word.
        ("Chinese search (?q=灯饰厂)", "/zh-hans/enterprises/?q=灯饰厂"),
        ("Chinese detail page", "/zh-hans" + middle.get_absolute_url()),
        ("/zh-hans/enterprises/overview/", "/zh-hans/enterprises/overview/"),
    ]
    client = Client()
    print(f"generate_demo --enterprises {args.enterprises}: {generated:.1f} s")
    print(f"building the directory's index (each edit): {time_indexing():.1f} ms")
    title = (
        f"{Enterprise.objects.count()} enterprises, SQLite, {args.runs} runs each, "
        f"Python {platform.python_version()}"
    )
    print_table(
        f"{title}; cold: each run is the first view after an edit (no page cache)",
        [(label, measure_cold(client, path, args.runs)) for label, path in pages],
    )
    print()
    print_table(
        f"{title}; warm: later views (no page cache)",
        [(label, measure(client, path, args.runs)) for label, path in pages],
    )


def edit_the_directory() -> None:
    """What an editor's save does: a new cache version, and the worker that
    served the edit indexes the directory once its response is sent."""
    from caching import page_cache
    from enterprises.facet_index import directory_index

    page_cache.invalidate()
    directory_index()


def measure_cold(client, path: str, runs: int) -> dict:
    """Like `measure`, but every run is the first view after an edit."""
    return measure(client, path, runs, before_each=edit_the_directory)


def time_indexing(runs: int = 5) -> float:
    """Median milliseconds to build the directory's index (once per edit)."""
    from enterprises.facet_index import build_index

    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        build_index()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    main()
