import io
import logging

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import OperationalError
from django.test import Client, override_settings
from pytest_django.asserts import assertContains, assertNotContains

import cluster_cms.views

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_while_the_database_answers(client):
    response = client.get("/healthz")

    assertContains(response, "ok")
    assert response.cookies == {}
    assert not Session.objects.exists()


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    class DeadConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(cluster_cms.views, "connection", DeadConnection())

    response = client.get("/healthz")

    assertContains(response, "database unavailable", status_code=503)


def test_healthz_reads_no_session_and_runs_one_query(client, django_assert_num_queries):
    client.cookies["sessionid"] = "a-session-key-that-the-probe-must-not-load"
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200


def test_every_response_carries_a_request_id(client):
    response = client.get("/")

    assert len(response["X-Request-ID"]) == 32


def test_request_id_from_the_proxy_is_kept_when_configured(client, settings):
    settings.CLUSTER_REQUEST_ID_FROM_PROXY = True

    response = client.get("/", headers={"X-Request-ID": "nginx-4b1d"})

    assert response["X-Request-ID"] == "nginx-4b1d"


def test_a_clients_request_id_is_replaced_by_ours(client):
    response = client.get("/", headers={"X-Request-ID": "forged-by-a-client"})

    assert response["X-Request-ID"] != "forged-by-a-client"
    assert len(response["X-Request-ID"]) == 32


def test_a_request_id_that_could_break_a_log_line_is_replaced_even_from_the_proxy(
    client, settings
):
    settings.CLUSTER_REQUEST_ID_FROM_PROXY = True
    forged = "x] django.security: admin signed in\n2026-01-01 ERROR [y"

    response = client.get("/", headers={"X-Request-ID": forged})

    assert response["X-Request-ID"] != forged
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_go_to_stderr_with_the_request_id(client, settings):
    settings.CLUSTER_REQUEST_ID_FROM_PROXY = True
    handler = next(
        h for h in logging.getLogger("django").handlers if h.name == "stderr"
    )
    captured = io.StringIO()
    previous = handler.setStream(captured)
    try:
        response = client.get("/no-such-page/", headers={"X-Request-ID": "req-1234"})
    finally:
        handler.setStream(previous)

    assert response.status_code == 404
    assert "[req-1234] django.request: Not Found: /no-such-page/" in (
        captured.getvalue()
    )


@override_settings(ROOT_URLCONF="tests.urls")
def test_error_page_shows_no_stack_trace_and_admins_get_the_report(
    settings, mailoutbox
):
    settings.ADMINS = [("Ops", "ops@example.com")]
    client = Client(raise_request_exception=False)

    response = client.get("/broken/")

    assertContains(response, "Something went wrong on our side", status_code=500)
    assertNotContains(response, "SECRET DETAILS", status_code=500)
    assertNotContains(response, "Traceback", status_code=500)
    assertNotContains(response, settings.SECRET_KEY, status_code=500)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ops@example.com"]
    assert "SECRET DETAILS" in mailoutbox[0].body


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """Run the real collectstatic once, into a throwaway STATIC_ROOT."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    with override_settings(STATIC_ROOT=static_root, STORAGES=storages):
        # Our own files are enough here, and compressing the admin's takes long.
        call_command(
            "collectstatic",
            "--noinput",
            ignore_patterns=["admin", "django_prose_editor"],
            verbosity=0,
        )
        yield static_root


def test_pages_link_hashed_static_files_served_with_far_future_headers(
    collected_static, settings
):
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        }
    }
    client = Client()  # WhiteNoise scans STATIC_ROOT when the middleware loads.

    page = client.get("/")
    stylesheet = next(
        link
        for link in page.content.decode().split('"')
        if link.startswith("/static/vendor/bootstrap/bootstrap.min.")
    )
    response = client.get(stylesheet, headers={"Accept-Encoding": "gzip"})

    assert stylesheet != "/static/vendor/bootstrap/bootstrap.min.css"
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_benchmark_baseline_page_is_off_unless_asked_for(client):
    assert client.get("/bench/fixed-20k/").status_code == 404
