"""Faults injected into the site under load, as `make serve` runs it on PostgreSQL.

Starts a throwaway PostgreSQL server (.ci/postgres, on a free port, in a
temporary folder), a local SMTP server (aiosmtpd, in this process) and the site
as `make serve` does (supervisord/serve.conf: gunicorn and one task worker),
with the demo content plus --news releases and --enterprises enterprises, and
MEDIA_ROOT on a small tmpfs of its own (mounting it needs root; without, the
media faults are skipped). Then, while --readers clients go round a cached page
(/) and uncached ones (the directory with filters, /news/?q=), a visitor leaves
a message every --pause seconds and a news editor saves a release through the
admin every --edit-pause seconds (a new summary and a new cover image; review
is off, so each save goes live and makes every page new), it injects each fault
in turn:

- worker killed: `kill -9` of the task worker;
- web server killed: `kill -9` of gunicorn's master;
- database restarted between mail and save: the SMTP server takes 3 s to
  accept a notice, and PostgreSQL restarts (`pg_ctl restart -m fast`) 1.5 s in;
- database stopped for --outage seconds, then started;
- mail server down for --outage seconds;
- messages table locked (ACCESS EXCLUSIVE) for 45 s, past gunicorn's timeout;
- media disk full: a file fills the tmpfs for --outage seconds, then goes;
- media disk read-only: the tmpfs remounted read-only for --outage seconds.

For each it prints the 5xx answers (and connection errors) by page, the
messages accepted (redirected), stored and lost (accepted but not stored),
those refused with a 503 that gave the text back or did not, the staff
notices per accepted message once the queue is drained, the editor's saves
(attempted, saved, lost: told saved but not stored, refused with the form
given back, failed without it, and any stored although refused), and the
recovery time (the last failed request or refused save, or the killed process
back, counted from the fault). Exit status 1 if a message or an edit was lost,
a refused edit was stored, or a message was mailed twice. Only 127.0.0.1.

    .venv/bin/python bench/faults.py [--readers 3] [--pause 0.5] [--outage 20]
        [--edit-pause 5] [--news 500] [--enterprises 10040] [--only NAME ...]
        [--log FILE]
"""

import argparse
import asyncio
import collections
import http.cookiejar
import io
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from email import message_from_bytes
from html.parser import HTMLParser
from pathlib import Path

import psycopg
from aiosmtpd.controller import Controller
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["/", "/enterprises/?page=2", "/news/?q=LED"]
NAME = re.compile(r"Fault visitor (\d+)")
NUMBERS = itertools.count(1)  # one message number per message, across the faults
EDITS = itertools.count(1)  # one number per editor's save, across the faults
EDITOR = ("bench-editor", "bench-editor-password-0123456789")
EDITED = "Edit {}: the autumn fair reopens its lighting hall."


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


class MediaDisk:
    """MEDIA_ROOT on a tmpfs of its own, which the faults fill or make read-only:
    the site's writes then fail as on a real disk (Errno 28 or 30), root's
    included, which permissions alone would not stop."""

    SIZE = "256m"

    def __init__(self, folder: Path):
        folder.mkdir()
        self.folder = folder
        self.filler = folder / "filler"
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={self.SIZE},mode=0755"]
            + ["bench-media", str(folder)],
            capture_output=True,
        )
        self.mounted = mounted.returncode == 0

    def fill(self) -> None:
        with open(self.filler, "wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(bytes(4096))
            except OSError:
                pass  # full
        if os.statvfs(self.folder).f_bavail:
            raise RuntimeError("the media disk is not full")

    def empty(self) -> None:
        self.filler.unlink()

    def remount(self, mode: str) -> None:
        subprocess.run(["mount", "-o", f"remount,{mode}", str(self.folder)], check=True)

    def close(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "--lazy", str(self.folder)], check=True)


class FormFields(HTMLParser):
    """The fields a browser sends from the form with this id, as the page filled
    them: (name, value) pairs, and the names of its file fields."""

    def __init__(self, page: bytes, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self.files: list[str] = []
        self.select: dict | None = None
        self.textarea: list | None = None
        self.feed(page.decode())

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "file":
                self.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self.select = {"name": name, "chosen": [], "first": None}
            self.select["multiple"] = "multiple" in attrs
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select["first"] is None:
                self.select["first"] = value
            if "selected" in attrs:
                self.select["chosen"].append(value)
        elif tag == "textarea" and name:
            self.textarea = [name]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            chosen = self.select["chosen"]
            if not chosen and not self.select["multiple"]:
                chosen = [self.select["first"] or ""]
            self.fields += [(self.select["name"], value) for value in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, *text = self.textarea
            # A browser drops the newline that opens a textarea's text.
            self.fields.append((name, "".join(text).removeprefix("\n")))
            self.textarea = None


def multipart(fields: list[tuple[str, str]], files: dict) -> tuple[bytes, str]:
    """A multipart/form-data body, as a browser posts a form with a file."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields
    ]
    for name, (filename, content, kind) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def cover_image(number: int) -> bytes:
    """A photo-sized JPEG, different for each save."""
    picture = Image.new("RGB", (1600, 1000), ((number * 47) % 256, 120, 200))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Load:
    """Readers and one message writer; every answer is an event with its time."""

    def __init__(self, base: str, database: Postgres, args, release: int):
        self.base, self.database, self.pause = base, database, args.pause
        self.edit_pause, self.release = args.edit_pause, release
        self.events = []  # (time, page, status or None for no answer, number)
        self.edits = []  # (time, number, status, form given back, stored)
        self.lock = threading.Lock()
        self.numbers = NUMBERS
        self.running = True
        self.threads = [
            threading.Thread(target=self.read, args=(n,), daemon=True)
            for n in range(args.readers)
        ] + [
            threading.Thread(target=self.write, daemon=True),
            threading.Thread(target=self.edit, daemon=True),
        ]

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
            status = self.get(opener, path)[0]
            self.record(path, status)
            if status is None:
                # A browser does not try again hundreds of times a second: that
                # would take the CPU from the server it waits for.
                time.sleep(0.1)

    def write(self) -> None:
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        while self.running:
            time.sleep(self.pause)
            # As the site's script asks (contact.js), with its header.
            code_request = urllib.request.Request(
                self.base + "/contact/code/", headers={"X-Contact-Code": "1"}
            )
            status, body = self.get(opener, code_request)
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

    def sign_in(self, opener) -> bool:
        status, page = self.get(opener, "/admin/login/")
        if status != 200:
            self.record("GET /admin/login/", status)
            return False
        form = FormFields(page, "login-form")
        username, password = EDITOR
        data = dict(form.fields) | {"username": username, "password": password}
        request = urllib.request.Request(
            self.base + "/admin/login/", urllib.parse.urlencode(data).encode()
        )
        status = self.get(opener, request)[0]
        if status != 302:
            self.record("POST /admin/login/", status)
        return status == 302

    def edit(self) -> None:
        """The editor: open the release's change form, write a new summary, choose
        a new cover image, save; then read what the database holds."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        change = f"/admin/news/release/{self.release}/change/"
        signed_in = False
        while self.running:
            # Signed in first, so that the editor is at work when the fault comes.
            signed_in = signed_in or self.sign_in(opener)
            time.sleep(self.edit_pause)
            if not signed_in:
                continue
            status, page = self.get(opener, change)
            if status != 200:
                self.record("GET admin release", status)
                continue
            form = FormFields(page, "release_form")
            number = next(EDITS)
            summary = EDITED.format(number)
            typed = {"summary_en": summary, "cover_alt": f"Cover {number}"}
            fields = [(name, typed.get(name, value)) for name, value in form.fields]
            files = {
                "cover_image": (
                    f"cover-{number}.jpg",
                    cover_image(number),
                    "image/jpeg",
                )
            }
            body, kind = multipart([*fields, ("_save", "Save")], files)
            request = urllib.request.Request(
                self.base + change, body, {"Content-Type": kind}
            )
            status, answer = self.get(opener, request)
            given_back = status == 200 and summary.encode() in answer
            answered = time.monotonic()
            self.record("POST admin release", status, number)
            stored = self.stored_summary() == summary
            with self.lock:
                self.edits.append((answered, number, status, given_back, stored))

    def stored_summary(self) -> str | None:
        """The release's summary now, once the database answers (2 minutes at most)."""
        deadline = time.monotonic() + 120
        while True:
            try:
                ((summary,),) = self.database.query(
                    "SELECT summary_en FROM news_release WHERE id = %s", self.release
                )
                return summary
            except psycopg.Error:
                if time.monotonic() > deadline:
                    return None
                time.sleep(1)

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.running = False
        for thread in self.threads:
            thread.join(timeout=90)


# A news editor, and review off (a one-person site): each save goes live.
SET_UP_EDITOR = f"""
from django.contrib.auth.models import Group, User
from pages.models import SiteSettings
editor = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
editor.groups.add(Group.objects.get(name="news editor"))
SiteSettings.objects.update_or_create(
    pk=SiteSettings.singleton_instance_id, defaults={{"is_review_required": False}}
)
"""


class Site:
    """supervisord running serve.conf, as `make serve` does."""

    def __init__(
        self, folder: Path, database: Postgres, media: Path, mail_port: int, args
    ):
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
            "MEDIA_ROOT": str(media),
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
            ["shell", "-c", SET_UP_EDITOR],
        ):
            subprocess.run([*manage, *command], env=self.env, check=True, cwd=ROOT)
        ((self.release,),) = database.query(
            "SELECT id FROM news_release WHERE status = 'published' ORDER BY id LIMIT 1"
        )
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


def faults(site: Site, database: Postgres, media: MediaDisk, smtp, box, args):
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

    def outage(begin, end):
        """A fault that lasts --outage seconds."""

        def inject():
            begin()
            time.sleep(args.outage)
            end()
            return {}

        return inject

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
        "database stopped": outage(
            lambda: database.run("stop"), lambda: database.run("start")
        ),
        "mail server down": mail_server_down,
        "messages table locked 45 s": messages_table_locked,
    } | (
        {
            "media disk full": outage(media.fill, media.empty),
            "media disk read-only": outage(
                lambda: media.remount("ro"), lambda: media.remount("rw")
            ),
        }
        if media.mounted
        else {}
    )


def report(name, load: Load, started, measured, database, box) -> bool:
    events = [event for event in load.events if event[0] >= started - 5]
    failures = collections.Counter()
    last_failure = None
    posts = collections.Counter()
    accepted = []
    for moment, page, status, number in events:
        if status is None or status >= 500:
            failures[page] += 1
            last_failure = moment
        if page.startswith("POST /contact/"):
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
    edits = [edit for edit in load.edits if edit[0] >= started - 5]
    edits_lost = [edit for edit in edits if edit[2] == 302 and not edit[4]]
    refused = [edit for edit in edits if edit[2] != 302]
    stored_anyway = [edit for edit in refused if edit[4]]
    recovery = {"failures lasted": (last_failure - started) if last_failure else 0.0}
    if refused:
        recovery["saves refused for"] = max(edit[0] for edit in refused) - started
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
    given_back = sum(1 for edit in refused if edit[3])
    print(
        f"edits: {len(edits)} attempted, "
        f"{sum(1 for edit in edits if edit[2] == 302 and edit[4])} saved, "
        f"{len(edits_lost)} lost; refused with the form given back: {given_back}, "
        f"without: {len(refused) - given_back}; stored although refused: "
        f"{len(stored_anyway)}"
    )
    print(
        "recovery:",
        ", ".join(
            f"{what} {seconds:.1f} s" for what, seconds in (measured | recovery).items()
        ),
    )
    return (
        not lost
        and not edits_lost
        and not stored_anyway
        and all(count <= 1 for count in notices)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--pause", type=float, default=0.5)
    parser.add_argument("--outage", type=float, default=20.0)
    parser.add_argument("--lost-after", type=int, default=20)
    parser.add_argument("--news", type=int, default=500)
    parser.add_argument("--enterprises", type=int, default=10040)
    parser.add_argument("--drain", type=float, default=150.0)
    parser.add_argument("--edit-pause", type=float, default=5.0)
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--log", type=Path, help="keep the site's output here")
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
        media = MediaDisk(workdir / "media")
        try:
            site = Site(workdir, database, media.folder, mail_port, args)
        except BaseException:
            media.close()
            raise
        try:
            print(
                f"make serve (supervisord: gunicorn 2 workers + 1 task worker), "
                f"PostgreSQL; {args.news} releases, {args.enterprises} enterprises; "
                f"{args.readers} readers of {', '.join(PAGES)}; a message every "
                f"{args.pause:g} s; outages {args.outage:g} s; "
                f"CLUSTER_WORKER_LOST_AFTER={args.lost_after}; an editor's save "
                f"every {args.edit_pause:g} s"
                + ("" if media.mounted else "; media faults skipped (mount needs root)")
            )
            injected = faults(site, database, media, smtp, box, args)
            for name, inject in injected.items():
                if args.only and not any(part in name for part in args.only):
                    continue
                load = Load(site.base, database, args, site.release)
                load.start()
                time.sleep(5)
                started = time.monotonic()
                measured = inject()
                time.sleep(10)
                load.stop()
                drain(database, args.drain)
                ok = report(name, load, started, measured, database, box) and ok
        finally:
            site.stop()
            smtp[0].stop()
            database.run("stop")
            media.close()
            if args.log:
                shutil.copy(workdir / "serve.log", args.log)
    print(
        "\nno message or edit lost, no refused edit stored, no notice mailed twice: "
        + ("OK" if ok else "FAILED")
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
