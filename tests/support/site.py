"""The site started as production starts it (gunicorn), and visitors talking to it.

Used by the tests that need real processes and real concurrency: several app
servers (tests/test_two_instances.py) and races (tests/contact/test_races.py).
"""

import http.cookiejar
import json
import os
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from tests.support import processes

# Static files only the admin and its add-ons use; collecting them takes long.
ADMIN_ONLY_STATIC = (
    "admin",
    "django_prose_editor",
    "flags",
    "import_export",
    "modeltranslation",
)


def base_environment(folder: Path) -> dict[str, str]:
    """What every test server needs besides its database."""
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
        "DEBUG": "false",
        "SECRET_KEY": "test-servers-key-the-same-on-every-server-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "EMAIL_URL": "dummymail://",
        "PAGE_CACHE_URL": f"filecache://{folder / 'page-cache'}",
    }


def manage(env: dict[str, str], *arguments: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        timeout=180,
    )


def collect_static(env: dict[str, str]) -> None:
    """Pages are drawn with hashed static names; the site's own files are enough."""
    manage(
        env,
        "collectstatic",
        "--noinput",
        "-v0",
        *[f"--ignore={folder}" for folder in ADMIN_ONLY_STATIC],
    )


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class Servers:
    """gunicorn instances started with gunicorn.conf.py; stop() ends them all."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.processes = []

    def start(self, env: dict[str, str], name: str) -> str:
        port = processes.free_port()
        log_path = self.folder / f"gunicorn-{name}.log"
        with open(log_path, "wb") as log:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
                cwd=settings.BASE_DIR,
                env=env | {"GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(server)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while not answers(f"{url}/healthz"):
            output = log_path.read_text(errors="replace")
            assert server.poll() is None, f"gunicorn {name} exited:\n{output}"
            assert time.monotonic() < deadline, f"gunicorn {name} is silent:\n{output}"
            time.sleep(0.1)
        return url

    def stop(self) -> None:
        for server in self.processes:
            processes.stop(server)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookie jar (the CSRF cookie), talking to any server.

    `answer_of(key)` reads a code's answer, as a person reads the image;
    `headers` go with every request (X-Forwarded-For, to be another client).
    """

    def __init__(self, answer_of: Callable[[str], str], headers=None):
        self.answer_of = answer_of
        self.headers = headers or {}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def draw_code(self, server: str) -> dict:
        """The footer form's code and token, and its answer."""
        request = urllib.request.Request(
            f"{server}/contact/code/",
            # As the site's script asks (contact.js).
            headers={**self.headers, "X-Contact-Code": "1"},
        )
        with self.opener.open(request, timeout=30) as response:
            code = json.load(response)
        code["answer"] = self.answer_of(code["key"])
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
        request = urllib.request.Request(
            f"{server}/contact/",
            urllib.parse.urlencode(data).encode(),
            headers=self.headers,
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code == 302:
                return 302, error.headers["Location"]
            return error.code, error.read().decode()


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released at the same instant; their results."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        start.wait()
        results[index] = call()

    threads = [
        threading.Thread(target=run, args=(index, call))
        for index, call in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results
