"""The pages issue targets name, rendered cold in-process, at a chosen data size.

Run: .venv/bin/python bench/pages.py [--enterprises 10000] [--releases 2000]
     [--runs 30] [--explain] [--keep FOLDER]

Builds a throwaway SQLite database (or uses DATABASE_URL with --database-url,
e.g. a scratch PostgreSQL database) with the demo content, `--releases`
synthetic releases and `--enterprises` synthetic enterprises, then renders each
page `--runs` times with the page cache off. The directory is measured on a new
filter combination each time (its first view, nothing cached for it).
`--explain` prints each page's query plans (which indexes they use).
"""

import argparse
import os
import platform
import time
from pathlib import Path

from _harness import measure, print_table, setup_django

DIRECTORY = "/enterprises/?town=guzhen&category=led-lighting&certification=ce"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--enterprises", type=int, default=10_000)
    parser.add_argument("--releases", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--database-url", help="an empty scratch database instead of SQLite"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="FOLDER",
        help="make the SQLite database in FOLDER and keep it; a later run with "
        "the same FOLDER measures it without making the content again",
    )
    args = parser.parse_args()
    if args.database_url:
        os.environ["BENCH_DATABASE_URL"] = args.database_url

    setup_django("pages", args.keep)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from enterprises.models import Enterprise
    from news.models import Release

    if Enterprise.objects.exists():
        print(f"content kept in {args.keep}")
    else:
        start = time.perf_counter()
        call_command("loaddemo", verbosity=0)
        call_command(
            "generate_demo",
            news=args.releases,
            enterprises=args.enterprises,
            verbosity=0,
        )
        print(f"content generated in {time.perf_counter() - start:.0f} s")
    releases = Release.objects.published().order_by("release_time")
    release = releases[releases.count() // 2]
    enterprises = Enterprise.objects.published().order_by("name")
    enterprise = enterprises[enterprises.count() // 2]
    pages = [
        ("release page", release.get_absolute_url()),
        ("/ (home)", "/"),
        ("/news/", "/news/"),
        ("enterprise page", enterprise.get_absolute_url()),
        ("directory, three filters", DIRECTORY),
        ("/zh-hans/ release page", "/zh-hans" + release.get_absolute_url()),
    ]
    client = Client()
    rows = [(label, measure(client, path, args.runs)) for label, path in pages]
    # The first view after an edit: a new cache version. The worker that served
    # the edit builds what every page of the version shares once its response
    # is sent (the layout, the order of the releases, the directory's index:
    # page_cache.Held; bench/enterprises.py times the index); a page it serves
    # next finds them ready, another worker loads them from the shared cache.
    edited_pages = [
        (label, path)
        for label, path in pages
        if label in ("release page", "/ (home)", "directory, three filters")
    ]
    rows += [
        (f"{label}, after an edit", measure(client, path, args.runs, after_an_edit))
        for label, path in edited_pages
    ]
    rows += [
        (
            f"{label}, after an edit, another worker",
            measure(client, path, args.runs, after_an_edit_elsewhere),
        )
        for label, path in edited_pages
    ]
    sitemaps = [
        ("/sitemap.xml (the index)", "/sitemap.xml"),
        ("/sitemap-enterprises-1.xml (5,000 addr.)", "/sitemap-enterprises-1.xml"),
        ("/sitemap-releases-1.xml", "/sitemap-releases-1.xml"),
    ]
    rows += [
        (label, measure(client, path, max(3, args.runs // 5)))
        for label, path in sitemaps
    ]
    print_table(
        f"{Enterprise.objects.count()} enterprises, {Release.objects.count()} "
        f"releases, {connection.vendor}, {args.runs} runs each, page cache off, "
        f"Python {platform.python_version()}",
        rows,
    )
    if args.explain:
        explain(client, pages)


def after_an_edit() -> None:
    from caching import page_cache

    page_cache.invalidate()
    page_cache.prepare_shared()


def after_an_edit_elsewhere() -> None:
    from caching import page_cache

    after_an_edit()
    page_cache.forget_held()


def explain(client, pages) -> None:
    """Each page's queries with the plan the database chose for them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    for label, path in pages:
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"\n## {label} ({path})")
        for query in queries:
            print(f"\n{query['sql'][:300]}")
            with connection.cursor() as cursor:
                cursor.execute(prefix + query["sql"])
                for row in cursor.fetchall():
                    print("   ", " ".join(str(part) for part in row))


if __name__ == "__main__":
    main()
