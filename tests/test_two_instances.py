"""Two app servers behind a load balancer share PostgreSQL and Redis, and agree.

Two gunicorn instances of the site, started as production starts them (DEBUG off,
one SECRET_KEY, collected static files), share the test database and one
redis-server (REDIS_URL). A visitor's requests may reach either of them.
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from captcha.models import CaptchaStore
from django.conf import settings
from redis import Redis

from contact.models import Message
from tests.support import processes

pytestmark = [
    processes.needs_postgresql,
    # The servers read what the test commits, and the test reads what they commit.
    pytest.mark.django_db(transaction=True),
]

RATE_LIMIT = 5
# Static files only the admin and its add-ons use; collecting them takes long.
ADMIN_ONLY_STATIC = (
    "admin",
    "django_prose_editor",
    "flags",
    "import_export",
    "modeltranslation",
)


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def instances(django_db_setup, redis_url, tmp_path_factory):
    """Two gunicorn instances (A and B) on their own ports: their base URLs."""
    folder = tmp_path_factory.mktemp("two-instances")
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
        "DEBUG": "false",
        "SECRET_KEY": "two-instances-test-key-the-same-on-both-servers-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": processes.database_url(),
        "REDIS_URL": redis_url,
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "dummymail://",
        "CLUSTER_MESSAGE_RATE_LIMIT": str(RATE_LIMIT),
        "WEB_CONCURRENCY": "1",
    }
    # Pages are drawn with hashed static names; the site's own files are enough.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
        + [f"--ignore={folder}" for folder in ADMIN_ONLY_STATIC],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = processes.free_port()
            with open(folder / f"gunicorn-{name}.log", "wb") as log:
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                        cwd=settings.BASE_DIR,
                        env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                )
            urls.append(f"http://127.0.0.1:{port}")
        for name, server, url in zip("ab", servers, urls, strict=True):
            deadline = time.monotonic() + 30
            while not answers(f"{url}/healthz"):
                log = (folder / f"gunicorn-{name}.log").read_text(errors="replace")
                assert server.poll() is None, f"gunicorn {name} exited:\n{log}"
                assert time.monotonic() < deadline, f"gunicorn {name} is silent:\n{log}"
                time.sleep(0.1)
        yield urls
    finally:
        for server in servers:
            processes.stop(server)


@pytest.fixture
def servers(instances, redis_url):
    """Both instances, with the shared Redis emptied of earlier tests' counts."""
    Redis.from_url(redis_url).flushdb()
    return instances


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookie jar (the CSRF cookie), talking to any server."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def draw_code(self, server: str) -> dict:
        """The footer form's code and token; its answer, as a person reads it."""
        with self.opener.open(f"{server}/contact/code/", timeout=30) as response:
            code = json.load(response)
        code["answer"] = CaptchaStore.objects.get(hashkey=code["key"]).response
        return code

    def leave_message(self, server: str, code: dict, name: str) -> tuple[int, str]:
        """POST a valid message; the status and the page (or redirect target)."""
        data = {
            "csrfmiddlewaretoken": code["csrf_token"],
            "name": name,
            "email": "li.ming@example.com",
            "phone": "+86 760 2222 3333",
            "company": "Guzhen Lighting Co. 古镇灯饰",
            "country": "中国",
            "body": "We need 5,000 LED panels before March.",
            "website": "",
            "next": "",
            "captcha_0": code["key"],
            "captcha_1": code["answer"],
        }
        body = urllib.parse.urlencode(data).encode()
        try:
            with self.opener.open(f"{server}/contact/", body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code == 302:
                return 302, error.headers["Location"]
            return error.code, error.read().decode()


def test_a_code_drawn_by_one_server_is_accepted_by_the_other(servers):
    server_a, server_b = servers
    visitor = Visitor()
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
    visitor = Visitor()
    accepted = [
        visitor.leave_message(server, visitor.draw_code(server), f"Message {n}")[0]
        for n, server in enumerate([server_a] * 3 + [server_b] * 2, start=1)
    ]

    assert accepted == [302] * RATE_LIMIT
    # A sixth, from the same address, is refused by either server, even from a
    # browser with fresh cookies.
    for server in (server_a, server_b):
        newcomer = Visitor()
        status, page = newcomer.leave_message(
            server, newcomer.draw_code(server), "One too many"
        )
        assert status == 429
        assert "You have sent several messages in a short time" in page
    assert Message.objects.count() == RATE_LIMIT
    assert not Message.objects.filter(name="One too many").exists()
