"""The site while its PostgreSQL server is really stopped, and once it is back.

Runs in the PostgreSQL pass of .ci/run: it stops and starts the very server the
tests use (`.ci/postgres`, found by its port), so it skips elsewhere.
"""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connections
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
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


def test_a_database_restart_between_mailing_and_marking_a_notice_mails_it_once(
    smtp, tmp_path
):
    """The mail server takes 3 s to accept the staff notice; PostgreSQL restarts
    meanwhile, so the worker cannot record the notice and loses its connection.
    The task goes back to the queue and runs again, without a second mail."""
    from background.models import OnceOnly
    from contact.services import message_create
    from tests.background.test_workers import start_worker, wait_for

    smtp.delay = 3
    smtp.start()
    log = tmp_path / "worker.log"
    worker = start_worker(
        log,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        CLUSTER_MESSAGE_RECIPIENTS="sales@cluster.example.com",
        CLUSTER_WORKER_LOST_AFTER="4",
    )
    try:
        message = message_create(
            name="Li Ming", email="li.ming@example.com", body="Quote LED panels."
        )
        assert smtp.receiving.wait(timeout=60), log.read_text()
        connections.close_all()
        postgres("restart")

        def notice_task_done() -> bool:
            try:
                return DBTaskResult.objects.get().status == "SUCCESSFUL"
            except OperationalError:
                connections.close_all()
                return False

        wait_for(notice_task_done, seconds=60, what="the notice's task", logs=[log])
    finally:
        processes.stop(worker)

    assert len(smtp.mails) == 1
    task = DBTaskResult.objects.get()
    assert len(task.worker_ids) == 2  # the run cut off by the restart, and one more
    assert task.return_value is False  # the second run found the notice claimed
    claim = OnceOnly.objects.get(key=f"contact.staff_notice:{message.pk}")
    assert claim.done_at is None  # mailed, but not confirmed: see the admin
