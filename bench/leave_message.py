"""Benchmark "Leave a message" against a running server, and check it loses nothing.

Starts `manage.py runserver` on its own SQLite file under var/ (the dev database is
left alone), then prints:
- the median time to draw one identifying-code image (GET of its URL);
- the median time to handle one valid submission (the POST, until its redirect);
- a concurrency check: N valid submissions from T threads leave exactly N messages.

Each submission is real: it fetches a code and CSRF token from /contact/code/ as
contact.js does, reads the code's answer from the database (as a person reads the
image), and posts. The rate limits (messages, codes) are raised for the run by
their settings.

    .venv/bin/python bench/leave_message.py [--port 8103] [--samples 50]
                                      [--submissions 200] [--threads 8]
"""

import argparse
import http.cookiejar
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
DATABASE = VAR / "bench-contact.sqlite3"


def report(line: str) -> None:
    """Print a figure (bench scripts are the one place that prints)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One browser: its own cookies, fetching codes and posting messages."""

    def __init__(self, base: str, database: str):
        self.base = base
        self.database = database
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            NoRedirect,
        )

    def get(self, path: str, headers: dict | None = None) -> bytes:
        request = urllib.request.Request(self.base + path, headers=headers or {})
        with self.opener.open(request, timeout=60) as response:
            return response.read()

    def code(self) -> dict:
        # As the site's script asks (contact.js).
        code = json.loads(self.get("/contact/code/", {"X-Contact-Code": "1"}))
        with sqlite3.connect(self.database, timeout=30) as connection:
            (code["answer"],) = connection.execute(
                "SELECT response FROM captcha_captchastore WHERE hashkey = ?",
                (code["key"],),
            ).fetchone()
        return code

    def submit(self, code: dict, number: int) -> tuple[int, float]:
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": code["csrf_token"],
                "name": f"Bench visitor {number} 李明",
                "email": f"bench{number}@example.com",
                "phone": "+86 760 2222 3333",
                "company": "Bench Lighting 古镇灯饰",
                "country": "中国",
                "body": f"Benchmark message {number}: 5,000 LED panels 💡.",
                "website": "",
                "next": "/",
                "captcha_0": code["key"],
                "captcha_1": code["answer"],
            }
        ).encode()
        started = time.perf_counter()
        try:
            self.opener.open(self.base + "/contact/", data, timeout=60)
            status = 200  # a page back instead of a redirect: refused
        except urllib.error.HTTPError as error:
            status = error.code
        return status, time.perf_counter() - started


def count_messages() -> int:
    with sqlite3.connect(DATABASE, timeout=30) as connection:
        return connection.execute("SELECT COUNT(*) FROM contact_message").fetchone()[0]


def start_server(port: int, **overrides: str) -> subprocess.Popen:
    """runserver on a fresh bench database; `overrides` change its environment."""
    env = (
        os.environ
        | {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{DATABASE}",
            "CACHE_URL": f"filecache://{VAR / 'bench-contact-cache'}",
            "EMAIL_URL": "dummymail://",
            "CLUSTER_MESSAGE_RECIPIENTS": "staff@example.com",
            "CLUSTER_MESSAGE_RATE_LIMIT": "1000000",
            "CLUSTER_CODE_RATE_LIMIT": "1000000",
        }
        | overrides
    )
    for path in VAR.glob("bench-contact.sqlite3*"):
        path.unlink()
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"The server did not start on port {port}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8103)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    VAR.mkdir(exist_ok=True)
    server = start_server(args.port)
    base = f"http://127.0.0.1:{args.port}"
    try:
        visitor = Visitor(base, str(DATABASE))
        visitor.code()  # warm up imports and fonts
        draws = []
        for _ in range(args.samples):
            url = visitor.code()["image_url"]
            started = time.perf_counter()
            visitor.get(url)
            draws.append(time.perf_counter() - started)
        handles = []
        for number in range(args.samples):
            status, elapsed = visitor.submit(visitor.code(), number)
            assert status == 302, f"a valid submission was refused ({status})"
            handles.append(elapsed)
        report(
            f"identifying-code image, median of {args.samples}: "
            f"{statistics.median(draws) * 1000:.1f} ms"
        )
        report(
            f"valid submission (POST to redirect), median of {args.samples}: "
            f"{statistics.median(handles) * 1000:.1f} ms"
        )

        before = count_messages()
        local = threading.local()

        def one(number: int) -> int:
            if not hasattr(local, "visitor"):
                local.visitor = Visitor(base, str(DATABASE))
            return local.visitor.submit(local.visitor.code(), number)[0]

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.threads) as pool:
            statuses = list(pool.map(one, range(args.submissions)))
        elapsed = time.perf_counter() - started
        stored = count_messages() - before
        redirected = statuses.count(302)
        report(
            f"{args.submissions} submissions from {args.threads} threads: "
            f"{redirected} redirected, {stored} stored, {elapsed:.1f} s "
            f"({args.submissions / elapsed:.1f} per second)"
        )
        ok = stored == redirected == args.submissions
        report("concurrency check: " + ("OK" if ok else "FAILED"))
        if not ok:
            raise SystemExit(1)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
