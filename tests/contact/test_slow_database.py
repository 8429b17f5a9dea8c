"""A message stuck behind a locked table ends before gunicorn's timeout.

gunicorn's gthread workers never cut a request short; the database's statement
timeout, which the web server sets (gunicorn.conf.py), does. The site runs as
production does, on the test PostgreSQL database.
"""

import pytest
from captcha.models import CaptchaStore
from django.db import connection, transaction

from contact.models import Message
from tests.support import processes
from tests.support.site import Servers, Visitor, base_environment, collect_static

pytestmark = [
    processes.needs_postgresql,
    # The server reads what the test commits, and the test reads what it commits.
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def server(tmp_path):
    env = base_environment(tmp_path) | {
        "DATABASE_URL": processes.database_url(),
        "CACHE_URL": f"filecache://{tmp_path / 'cache'}",
        "WEB_CONCURRENCY": "1",
        # Short, so the test is; production's is gunicorn's timeout less 10 s.
        "CLUSTER_STATEMENT_TIMEOUT": "2",
    }
    collect_static(env)
    servers = Servers(tmp_path)
    try:
        yield servers.start(env, "locked")
    finally:
        servers.stop()


def answer_of(key: str) -> str:
    return CaptchaStore.objects.get(hashkey=key).response


def test_a_message_behind_a_locked_table_is_not_stored_and_comes_back(server):
    visitor = Visitor(answer_of)
    code = visitor.draw_code(server)

    with transaction.atomic():
        with connection.cursor() as cursor:
            # What a long migration or a manual fix does to the messages table.
            cursor.execute("LOCK TABLE contact_message IN ACCESS EXCLUSIVE MODE")
        status, page = visitor.leave_message(server, code, "Held by a lock")

    assert status == 503
    assert "We need 5,000 LED panels before March." in page
    assert "Your message was NOT sent" in page
    assert not Message.objects.filter(name="Held by a lock").exists()

    # Once the lock is gone, the same visitor sends it.
    status, _ = visitor.leave_message(server, visitor.draw_code(server), "Sent")
    assert status == 302
    assert Message.objects.filter(name="Sent").exists()
