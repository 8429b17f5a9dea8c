"""Requests racing against the site as production runs it, on SQLite.

gunicorn (gunicorn.conf.py: two workers of several threads) serves its own
SQLite file, so requests really run at the same time; the tests release them
together and count what was stored. tests/test_two_instances.py runs the same
races through two servers on PostgreSQL and Redis.
"""

import sqlite3

import pytest

from tests.support.site import (
    Servers,
    Visitor,
    base_environment,
    collect_static,
    manage,
    race,
)

RATE_LIMIT = 5


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The site on its own SQLite file: (base URL, the database's path)."""
    folder = tmp_path_factory.mktemp("races")
    database = folder / "site.sqlite3"
    env = base_environment(folder) | {
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": f"filecache://{folder / 'cache'}",
        "CLUSTER_MESSAGE_RATE_LIMIT": str(RATE_LIMIT),
        # Each test is another client, by the X-Forwarded-For it sends.
        "CLUSTER_TRUSTED_PROXY_COUNT": "1",
    }
    collect_static(env)

    manage(env, "migrate", "--noinput", "-v0")
    servers = Servers(folder)
    try:
        yield servers.start(env, "sqlite"), database
    finally:
        servers.stop()


def reader(database):
    def answer_of(key: str) -> str:
        with sqlite3.connect(database) as connection:
            (answer,) = connection.execute(
                "SELECT response FROM captcha_captchastore WHERE hashkey = ?", (key,)
            ).fetchone()
        return answer

    return answer_of


def stored(database, name_prefix: str) -> int:
    with sqlite3.connect(database) as connection:
        (count,) = connection.execute(
            "SELECT count(*) FROM contact_message WHERE name LIKE ?",
            (name_prefix + "%",),
        ).fetchone()
    return count


def test_one_code_sent_by_sixteen_racing_posts_is_accepted_once(site):
    url, database = site
    visitor = Visitor(reader(database), {"X-Forwarded-For": "198.51.100.1"})
    code = visitor.draw_code(url)

    results = race(
        [lambda: visitor.leave_message(url, code, "One code")[0] for _ in range(16)]
    )

    assert sorted(results) == [200] * 15 + [302]
    assert stored(database, "One code") == 1


def test_exactly_the_limit_gets_through_however_many_race(site):
    url, database = site
    headers = {"X-Forwarded-For": "198.51.100.2"}
    visitors = [Visitor(reader(database), headers) for _ in range(20)]
    codes = [visitor.draw_code(url) for visitor in visitors]

    results = race(
        [
            lambda visitor=visitor, code=code: visitor.leave_message(
                url, code, "Racer"
            )[0]
            for visitor, code in zip(visitors, codes, strict=True)
        ]
    )

    assert sorted(results) == [302] * RATE_LIMIT + [429] * (20 - RATE_LIMIT)
    assert stored(database, "Racer") == RATE_LIMIT
