"""Render time and query count of the news pages with 2,000 releases (SQLite).

Run: .venv/bin/python bench/news.py [--releases 2000] [--runs 50]
"""

from _harness import load_news, measure, news_arguments, print_news_table, setup_django


def main() -> None:
    args = news_arguments(__doc__)

    setup_django("news")
    from django.test import Client

    middle = load_news(args.releases)

    client = Client()
    rows = [
        ("/news/", measure(client, "/news/", args.runs)),
        ("/news/?page=100", measure(client, "/news/?page=100", args.runs)),
        ("/news/?q=export", measure(client, "/news/?q=export", args.runs)),
        ("release page", measure(client, middle.get_absolute_url(), args.runs)),
        ("/ (home)", measure(client, "/", args.runs)),
    ]
    print_news_table(args.runs, rows)


if __name__ == "__main__":
    main()
