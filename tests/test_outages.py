"""The site while its PostgreSQL server is really stopped, and once it is back.

Runs in the PostgreSQL pass of .ci/run: it stops and starts the very server the
tests use (`.ci/postgres`, found by its port), so it skips elsewhere.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from pytest_django.asserts import assertContains

from contact.models import Message
from tests.support import processes

PORT = str(settings.DATABASES["default"].get("PORT") or "")
DATA = Path(os.environ.get("PGTEST_DIR", f"/tmp/cluster-pgtest-{PORT}")) / "data"

pytestmark = [
    processes.needs_postgresql,
    pytest.mark.skipif(
        not (DATA / "PG_VERSION").exists(),
        reason="needs the throwaway server of .ci/postgres, which it stops",
    ),
    pytest.mark.django_db(transaction=True),
]


def postgres(command: str) -> None:
    subprocess.run(
        [str(settings.BASE_DIR / ".ci" / "postgres"), command],
        env=os.environ | {"PGPORT": PORT},
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.fixture
def stopped_database():
    """Stop PostgreSQL; start it again whatever the test did."""

    def stop():
        connections.close_all()
        postgres("stop")

    try:
        yield stop
    finally:
        postgres("start")
        connections.close_all()


def test_while_postgresql_is_stopped_visitors_get_cached_pages_or_clear_503s(
    client, settings, release_factory, identifying_code, stopped_database
):
    settings.CLUSTER_PAGE_CACHE_SECONDS = 600
    release = release_factory(title="Read while the database is down")
    other = release_factory(title="Never cached")
    client.get(release.get_absolute_url())  # now in the page cache
    key, answer = identifying_code()
    token = client.get("/contact/").cookies["csrftoken"].value
    typed = {"name": "Li Ming 李明", "email": "li.ming@example.com"}
    typed["body"] = "Please quote 5,000 LED panels. 请报价。"

    stopped_database()
    client.raise_request_exception = False  # answered as a server answers

    client.cookies["sessionid"] = "stale-session-of-a-past-visit"
    cached = client.get(release.get_absolute_url())
    assertContains(cached, "Read while the database is down")
    rendered = client.get(other.get_absolute_url())
    assertContains(rendered, "try again in a few minutes", status_code=503)
    assert rendered["Retry-After"] == "60"
    sent = client.post(
        "/contact/",
        typed | {"captcha_0": key, "captcha_1": answer, "csrfmiddlewaretoken": token},
    )
    assertContains(sent, "Your message was NOT sent", status_code=503)
    for value in typed.values():
        assertContains(sent, value, status_code=503)
    code = client.get(reverse("contact_code"), HTTP_X_CONTACT_CODE="1")
    assert (code.status_code, code["Retry-After"]) == (503, "60")


def test_once_postgresql_is_back_messages_are_taken_again(
    client, captcha_test_mode, stopped_database
):
    stopped_database()
    data = {
        "name": "Li Ming",
        "email": "li.ming@example.com",
        "body": "Sent after the restart.",
        "captcha_0": "any",
        "captcha_1": "passed",
    }
    assert client.post("/contact/", data).status_code == 503

    postgres("start")
    # A server drops a broken connection after the failed request and opens a
    # new one by itself; the test client leaves that to the test.
    connections.close_all()

    assert client.post("/contact/", data).status_code == 302
    assert Message.objects.get().body == "Sent after the restart."
