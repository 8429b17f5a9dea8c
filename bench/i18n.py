"""The news pages in English and in Chinese side by side, with 2,000 releases (SQLite).

The seed release carries a Chinese title and summary; the synthetic releases are
English only, so the Chinese pages show them through the English fallback.

Run: .venv/bin/python bench/i18n.py [--releases 2000] [--runs 50]
"""

from _harness import load_news, measure, news_arguments, print_news_table, setup_django


def main() -> None:
    args = news_arguments(__doc__)

    setup_django("i18n")
    from django.test import Client

    from news.models import Release

    middle = load_news(args.releases)
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
    print_news_table(args.runs, rows)


if __name__ == "__main__":
    main()
