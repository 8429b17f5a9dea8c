"""Faults injected into the site under load, as `make serve` runs it on PostgreSQL.

Starts a throwaway PostgreSQL server (.ci/postgres, on a free port, in a
temporary folder), a local SMTP server (aiosmtpd, in this process) and the site
as `make serve` does (supervisord/serve.conf: gunicorn and one task worker),
with the demo content plus --news releases and --enterprises enterprises. Then,
while --readers clients go round a cached page (/) and uncached ones (the
directory with filters, /news/?q=, a release) and a visitor leaves a message
every --pause seconds, it injects each fault in turn:

- worker killed: `kill -9` of the task worker;
- web server killed: `kill -9` of gunicorn's master;
- database restarted between mail and save: the SMTP server takes 3 s to
  accept a notice, and PostgreSQL restarts (`pg_ctl restart -m fast`) 1.5 s in;
- database stopped for --outage seconds, then started;
- mail server down for --outage seconds;
- messages table locked (ACCESS EXCLUSIVE) for 45 s, past gunicorn's timeout.

For each it prints the 5xx answers (and connection errors) by page, the
messages accepted (redirected), stored and lost (accepted but not stored),
those refused with a 503 that gave the text back or did not, the staff
notices per accepted message once the queue is drained, and the recovery time
(the last failed request, or the killed process back, counted from the fault).
Exit status 1 if a message was lost or mailed twice. Only 127.0.0.1.

    .venv/bin/python bench/faults.py [--readers 3] [--pause 0.5] [--outage 20]
        [--news 500] [--enterprises 10040] [--only NAME ...]
"""

import argparse
import asyncio
import collections
import http.cookiejar
import itertools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from email import message_from_bytes
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/enterprises/?page=2", "/news/?q=LED"]
NAME = re.compile(r"Fault visitor (\d+)")
NUMBERS = itertools.count(1)  # one message number per message, across the faults


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The SMTP server's handler: counts notices per message number."""

    def __init__(self):
        self.counts = collections.Counter()
        self.delay = 0.0
        self.receiving = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.receiving.set()
        if self.delay:
            await asyncio.sleep(self.delay)
        subject = message_from_bytes(envelope.content)["Subject"] or ""
        if match := NAME.search(subject):
            self.counts[int(match.group(1))] += 1
        return "250 Message accepted"


class Postgres:
    """A throwaway server of .ci/postgres, which the faults stop and restart."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.env = os.environ | {"PGPORT": str(self.port), "PGTEST_DIR": str(folder)}
        self.url = self.run("start").split("DATABASE_URL=", 1)[1].strip()

    def run(self, command: str) -> str:
        done = subprocess.run(
            [str(ROOT / ".ci" / "postgres"), command],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def query(self, sql: str, *params):
        with psycopg.connect(self.url, connect_timeout=5) as connection:
            return connection.execute(sql, params).fetchall()


class Load:
    """Readers and one message writer; every answer is an event with its time."""

    def __init__(self, base: str, database: Postgres, readers: int, pause: float):
        self.base, self.database, self.pause = base, database, pause
        self.events = []  # (time, page, status or None for no answer, number)
        self.lock = threading.Lock()
        self.numbers = NUMBERS
        self.running = True
        self.threads = [
            threading.Thread(target=self.read, args=(n,), daemon=True)
            for n in range(readers)
        ] + [threading.Thread(target=self.write, daemon=True)]

    def record(self, page: str, status: int | None, number: int = 0) -> None:
        with self.lock:
            self.events.append((time.monotonic(), page, status, number))

    def get(self, opener, path) -> tuple[int | None, bytes]:
        target = self.base + path if isinstance(path, str) else path
        try:
            with opener.open(target, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            return None, b""

    def read(self, offset: int) -> None:
        opener = urllib.request.build_opener()
        for path in itertools.islice(itertools.cycle(PAGES), offset, None):
            if not self.running:
                return
            self.record(path, self.get(opener, path)[0])

    def write(self) -> None:
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        while self.running:
            time.sleep(self.pause)
            status, body = self.get(opener, "/contact/code/")
            if status != 200:
                self.record("GET /contact/code/", status)
                continue
            code = json.loads(body)
            try:
                ((answer,),) = self.database.query(
                    "SELECT response FROM captcha_captchastore WHERE hashkey = %s",
                    code["key"],
                )
            except psycopg.Error:
                self.record("GET /contact/code/", None)
                continue
            number = next(self.numbers)
            data = {
                "csrfmiddlewaretoken": code["csrf_token"],
                "name": f"Fault visitor {number}",
                "email": f"visitor{number}@example.com",
                "body": f"Message {number}: 5,000 LED panels.",
                "website": "",
                "captcha_0": code["key"],
                "captcha_1": answer,
            }
            request = urllib.request.Request(
                self.base + "/contact/", urllib.parse.urlencode(data).encode()
            )
            status, page = self.get(opener, request)
            kept = status == 503 and data["body"].encode() in page
            self.record(
                "POST /contact/" + (" (text kept)" if kept else ""), status, number
            )

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=90)


class Site:
    """supervisord running serve.conf, as `make serve` does."""

    def __init__(self, folder: Path, database: Postgres, mail_port: int, args):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = os.environ | {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database.url,
            "CACHE_URL": f"filecache://{folder / 'cache'}",
            "PAGE_CACHE_URL": f"filecache://{folder / 'page-cache'}",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "CLUSTER_SERVE_MEDIA": "true",
            "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
            "CLUSTER_MESSAGE_RECIPIENTS": "staff@example.com",
            "CLUSTER_MESSAGE_RATE_LIMIT": "1000000",
            "CLUSTER_CODE_RATE_LIMIT": "1000000",
            "CLUSTER_WORKER_LOST_AFTER": str(args.lost_after),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
        }
        self.env.pop("REDIS_URL", None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["collectstatic", "--noinput", "-v0"],
            ["loaddemo", "-v0"],
            [
                "generate_demo",
                f"--news={args.news}",
                f"--enterprises={args.enterprises}",
            ],
        ):
            subprocess.run([*manage, *command], env=self.env, check=True, cwd=ROOT)
        self.log = open(folder / "serve.log", "wb")  # noqa: SIM115
        self.supervisor = subprocess.Popen(
            [str(ROOT / ".venv/bin/supervisord"), "-n", "-c"]
            + [str(ROOT / "supervisord/serve.conf"), "-j", str(folder / "sv.pid")],
            cwd=folder,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 120
        while not (self.answers("/") and self.child("run_worker")):
            if time.monotonic() > deadline:
                raise SystemExit(f"The site did not start; see {folder / 'serve.log'}")
            time.sleep(0.5)

    def answers(self, path: str) -> bool:
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def child(self, marker: str) -> int | None:
        for entry in Path("/proc").iterdir():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            if parent == self.supervisor.pid and marker.encode() in command:
                return int(entry.name)
        return None

    def stop(self) -> None:
        self.supervisor.send_signal(signal.SIGTERM)
        self.supervisor.wait(timeout=120)


def kill_and_wait(site: Site, marker: str, serving: str) -> float:
    """kill -9 a program of the site; seconds until it is back (and serving)."""
    killed = site.child(marker)
    started = time.monotonic()
    os.kill(killed, signal.SIGKILL)
    while site.child(marker) in (None, killed) or not site.answers(serving):
        time.sleep(0.1)
    return time.monotonic() - started


def drain(database: Postgres, seconds: float) -> None:
    """Wait for the notices to go out (a retry waits a minute at first)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            ((pending,),) = database.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING')"
            )
        except psycopg.Error:
            pending = -1
        if pending == 0:
            return
        time.sleep(1)


def faults(site: Site, database: Postgres, smtp: list, box: Mailbox, args):
    """Each fault: a function that injects it and returns the recovery it measured."""

    def worker_killed():
        return {"worker back": kill_and_wait(site, "run_worker", "/")}

    def web_server_killed():
        return {"web server back": kill_and_wait(site, "gunicorn", "/")}

    def restart_between_mail_and_save():
        box.delay, box.receiving = 3.0, threading.Event()
        box.receiving.wait(timeout=30)
        time.sleep(1.5)
        database.run("restart")
        box.delay = 0.0
        return {}

    def database_stopped():
        database.run("stop")
        time.sleep(args.outage)
        database.run("start")
        return {}

    def mail_server_down():
        smtp[0].stop()
        time.sleep(args.outage)
        # A stopped controller's event loop is closed: a new server, same port.
        smtp[0] = Controller(box, hostname="127.0.0.1", port=smtp[0].port)
        smtp[0].start()
        return {}

    def messages_table_locked():
        with psycopg.connect(database.url) as connection:
            connection.execute("LOCK TABLE contact_message IN ACCESS EXCLUSIVE MODE")
            time.sleep(45)
        return {}

    return {
        "worker killed": worker_killed,
        "web server killed": web_server_killed,
        "database restarted between mail and save": restart_between_mail_and_save,
        "database stopped": database_stopped,
        "mail server down": mail_server_down,
        "messages table locked 45 s": messages_table_locked,
    }


def report(name, events, started, measured, database, box) -> bool:
    failures = collections.Counter()
    last_failure = None
    posts = collections.Counter()
    accepted = []
    for moment, page, status, number in events:
        if status is None or status >= 500:
            failures[page] += 1
            last_failure = moment
        if page.startswith("POST"):
            posts[page if status == 503 else status] += 1
            if status == 302:
                accepted.append(number)
    stored = {
        int(NAME.search(name).group(1))
        for (name,) in database.query(
            "SELECT name FROM contact_message WHERE name LIKE 'Fault visitor %%'"
        )
    }
    lost = [number for number in accepted if number not in stored]
    notices = collections.Counter(box.counts[number] for number in accepted)
    recovery = {"failures lasted": (last_failure - started) if last_failure else 0.0}
    print(f"\n== {name}")
    print("5xx or no answer by page:", dict(failures) or "none")
    kept, not_kept = posts["POST /contact/ (text kept)"], posts["POST /contact/"]
    print(
        f"messages: {len(accepted)} accepted, {len(accepted) - len(lost)} stored, "
        f"{len(lost)} lost; refused 503 with the text kept: {kept}, without: {not_kept}"
    )
    print(
        "notices per accepted message:",
        ", ".join(f"{count} mail(s): {n}" for count, n in sorted(notices.items())),
    )
    print(
        "recovery:",
        ", ".join(
            f"{what} {seconds:.1f} s" for what, seconds in (measured | recovery).items()
        ),
    )
    return not lost and all(count <= 1 for count in notices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.5)
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--lost-after", type=int, default=20)
    parser.add_argument("--news", type=int, default=500)
    parser.add_argument("--enterprises", type=int, default=10040)
    parser.add_argument("--drain", type=float, default=150.0)
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()

    ok = True
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as folder:
        workdir = Path(folder)
        os.chmod(workdir, 0o755)  # the postgres user reads its folder
        database = Postgres(workdir / "pg")
        box = Mailbox()
        mail_port = free_port()
        smtp = [Controller(box, hostname="127.0.0.1", port=mail_port)]
        smtp[0].start()
        site = Site(workdir, database, mail_port, args)
        try:
            print(
                f"make serve (supervisord: gunicorn 2 workers + 1 task worker), "
                f"PostgreSQL; {args.news} releases, {args.enterprises} enterprises; "
                f"{args.readers} readers of {', '.join(PAGES)}; a message every "
                f"{args.pause:g} s; outages {args.outage:g} s; "
                f"CLUSTER_WORKER_LOST_AFTER={args.lost_after}"
            )
            for name, inject in faults(site, database, smtp, box, args).items():
                if args.only and not any(part in name for part in args.only):
                    continue
                load = Load(site.base, database, args.readers, args.pause)
                load.start()
                time.sleep(5)
                started = time.monotonic()
                measured = inject()
                time.sleep(10)
                load.stop()
                drain(database, args.drain)
                events = [event for event in load.events if event[0] >= started - 5]
                ok = report(name, events, started, measured, database, box) and ok
        finally:
            site.stop()
            smtp[0].stop()
            database.run("stop")
    print("\nno message lost, none mailed twice: " + ("OK" if ok else "FAILED"))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
