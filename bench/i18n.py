"""The news pages in English and in Chinese side by side, with 2,000 releases (SQLite).

The seed release carries a Chinese title and summary; the synthetic releases are
English only, so the Chinese pages show them through the English fallback.

Run: .venv/bin/python bench/i18n.py [--releases 2000] [--runs 50]
"""

import argparse
import platform

from _harness import measure, print_table, setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--releases", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    setup_django("i18n")
    from django.core.management import call_command
    from django.test import Client

    from news.models import Release

    call_command("loaddemo", verbosity=0)
    call_command("generate_demo", news=args.releases, verbosity=0)
    middle = Release.objects.published().order_by("release_time")[args.releases // 2]
    seed = Release.objects.get(slug__startswith="zhongshan-")

    client = Client()
    pages = [
        ("/", "/"),
        ("/news/", "/news/"),
        ("/news/?q=export", "/news/?q=export"),
        ("/news/?q=灯饰 (Chinese search)", "/news/?q=灯饰"),
        ("seed release", seed.get_absolute_url()),
        ("synthetic release (fallback)", middle.get_absolute_url()),
    ]
    rows = []
    for label, path in pages:
        rows.append((f"en {label}", measure(client, path, args.runs)))
        rows.append((f"zh {label}", measure(client, "/zh-hans" + path, args.runs)))
    rows.append(("sitemap.xml (both languages)", measure(client, "/sitemap.xml", 5)))
    print_table(
        f"{Release.objects.count()} releases, SQLite, {args.runs} runs each, "
        f"Python {platform.python_version()}",
        rows,
    )


if __name__ == "__main__":
    main()
