"""Render time and query count of the news pages with 2,000 releases (SQLite).

Run: .venv/bin/python bench/news.py [--releases 2000] [--runs 50]
"""

import argparse
import platform

from _harness import measure, print_table, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    setup_django("news")
    from django.core.management import call_command
    from django.test import Client

    from news.models import Release

    call_command("loaddemo", verbosity=0)
    call_command("generate_demo", news=args.releases, verbosity=0)
    middle = Release.objects.published().order_by("release_time")[args.releases // 2]

    client = Client()
    rows = [
        ("/news/", measure(client, "/news/", args.runs)),
        ("/news/?page=100", measure(client, "/news/?page=100", args.runs)),
        ("/news/?q=export", measure(client, "/news/?q=export", args.runs)),
        ("release page", measure(client, middle.get_absolute_url(), args.runs)),
        ("/ (home)", measure(client, "/", args.runs)),
    ]
    print_table(
        f"{Release.objects.count()} releases, SQLite, {args.runs} runs each, "
        f"Python {platform.python_version()}",
        rows,
    )


if __name__ == "__main__":
    main()
