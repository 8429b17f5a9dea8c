"""The site started while its database is down: a visitor's message comes back.

A server that never reached its database has nothing read and kept yet (the
layout, a code drawn), so this starts gunicorn as production does, pointed at
a PostgreSQL address where nothing listens.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.conf import settings

from tests.support import processes
from tests.support.site import base_environment, collect_static

TOKEN = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a CSRF cookie from an earlier visit
TYPED = {
    "name": "Li Ming 李明",
    "email": "li.ming@example.com",
    "company": "Guzhen Lighting Co. 古镇灯饰",
    "body": "Please quote 5,000 LED panels before March. 请报价。",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("database-down")
    port, nowhere = processes.free_port(), processes.free_port()
    env = base_environment(folder) | {
        "DATABASE_URL": f"postgres://cluster:cluster@127.0.0.1:{nowhere}/cluster",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    collect_static(env)
    with open(folder / "gunicorn.log", "wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while post(url + "/healthz", None)[0] != 503:
            assert server.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        yield url
    finally:
        processes.stop(server)


def post(url: str, data: dict | None, cookie: str = "") -> tuple[int | None, str]:
    request = urllib.request.Request(
        url,
        urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Cookie": cookie} if cookie else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return None, ""


@pytest.mark.parametrize(
    "extra, cookie",
    [
        ({"csrfmiddlewaretoken": TOKEN, "captcha_0": "k", "captcha_1": "x"}, TOKEN),
        ({"captcha_0": "k", "captcha_1": "x"}, ""),  # no token: a stale page
        ({}, ""),  # the footer's hand-off, which has no code yet
    ],
    ids=["with-token", "without-token", "hand-off"],
)
@pytest.mark.parametrize("language", ["", "/zh-hans"])
def test_a_message_comes_back_503_with_every_word_kept(site, extra, cookie, language):
    status, page = post(
        f"{site}{language}/contact/",
        TYPED | extra,
        cookie=f"csrftoken={cookie}; sessionid=stale" if cookie else "",
    )

    assert status == 503
    assert 'name="name" value="Li Ming 李明"' in page
    for value in TYPED.values():
        assert value in page.replace("&#x27;", "'"), value
