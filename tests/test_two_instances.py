"""Two app servers behind a load balancer share PostgreSQL and Redis, and agree.

Two gunicorn instances of the site, started as production starts them (DEBUG off,
one SECRET_KEY, collected static files), share the test database and one
redis-server (REDIS_URL). A visitor's requests may reach either of them.
"""

import pytest
from captcha.models import CaptchaStore
from redis import Redis

from contact.models import Message
from tests.support import processes
from tests.support.site import Servers, Visitor, base_environment, collect_static, race

pytestmark = [
    processes.needs_postgresql,
    # The servers read what the test commits, and the test reads what they commit.
    pytest.mark.django_db(transaction=True),
]

RATE_LIMIT = 5


@pytest.fixture(scope="module")
def instances(django_db_setup, redis_url, tmp_path_factory):
    """Two gunicorn instances (A and B) on their own ports: their base URLs."""
    folder = tmp_path_factory.mktemp("two-instances")
    env = base_environment(folder) | {
        "DATABASE_URL": processes.database_url(),
        "REDIS_URL": redis_url,
        "CLUSTER_MESSAGE_RATE_LIMIT": str(RATE_LIMIT),
        # Clients are told apart by the X-Forwarded-For the tests send.
        "CLUSTER_TRUSTED_PROXY_COUNT": "1",
        "WEB_CONCURRENCY": "1",
    }
    collect_static(env)
    servers = Servers(folder)
    try:
        yield [servers.start(env, name) for name in ("a", "b")]
    finally:
        servers.stop()


@pytest.fixture
def servers(instances, redis_url):
    """Both instances, with the shared Redis emptied of earlier tests' counts."""
    Redis.from_url(redis_url).flushdb()
    return instances


def answer_of(key: str) -> str:
    return CaptchaStore.objects.get(hashkey=key).response


def client(number: int) -> dict[str, str]:
    """Headers that make a visitor client number `number` (behind the proxy)."""
    return {"X-Forwarded-For": f"198.51.100.{number}"}


def test_a_code_drawn_by_one_server_is_accepted_by_the_other(servers):
    server_a, server_b = servers
    visitor = Visitor(answer_of, client(1))
    code = visitor.draw_code(server_a)

    status, location = visitor.leave_message(server_b, code, name="Li Ming via B")

    assert (status, location) == (302, "/contact/thanks/")
    assert Message.objects.get().name == "Li Ming via B"
    # Used once, on both: server A now refuses the code B accepted.
    status, page = visitor.leave_message(server_a, code, name="Li Ming again")
    assert status == 200
    assert "The identifying code was wrong or has expired" in page
    assert Message.objects.count() == 1


def test_the_message_rate_limit_counts_across_both_servers(servers):
    server_a, server_b = servers
    visitor = Visitor(answer_of, client(2))
    accepted = [
        visitor.leave_message(server, visitor.draw_code(server), f"Message {n}")[0]
        for n, server in enumerate([server_a] * 3 + [server_b] * 2, start=1)
    ]

    assert accepted == [302] * RATE_LIMIT
    # A sixth, from the same address, is refused by either server, even from a
    # browser with fresh cookies.
    for server in (server_a, server_b):
        newcomer = Visitor(answer_of, client(2))
        status, page = newcomer.leave_message(
            server, newcomer.draw_code(server), "One too many"
        )
        assert status == 429
        assert "You have sent several messages in a short time" in page
    assert Message.objects.count() == RATE_LIMIT
    assert not Message.objects.filter(name="One too many").exists()


def test_one_code_racing_through_both_servers_is_accepted_once(servers):
    visitor = Visitor(answer_of, client(3))
    code = visitor.draw_code(servers[0])

    results = race(
        [
            lambda server=server: visitor.leave_message(server, code, "Racer")[0]
            for server in servers * 6
        ]
    )

    assert sorted(results) == [200] * 11 + [302]
    assert Message.objects.count() == 1


def test_exactly_the_limit_gets_through_however_many_race(servers):
    visitors = [Visitor(answer_of, client(4)) for _ in range(20)]
    codes = [
        visitor.draw_code(servers[number % 2])
        for number, visitor in enumerate(visitors)
    ]

    results = race(
        [
            lambda number=number, visitor=visitor, code=code: visitor.leave_message(
                servers[number % 2], code, f"Racer {number}"
            )[0]
            for number, (visitor, code) in enumerate(zip(visitors, codes, strict=True))
        ]
    )

    assert sorted(results) == [302] * RATE_LIMIT + [429] * (20 - RATE_LIMIT)
    assert Message.objects.count() == RATE_LIMIT
