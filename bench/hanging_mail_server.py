"""A message is answered as fast while the mail server hangs as while it works.

Runs `manage.py runserver` and one task worker (`run_worker`) against a mail
server on loopback, twice: first a working one (aiosmtpd), then one that accepts
connections and never answers (as a stuck mail relay does). Prints the median and
p95 of a valid POST to /contact/ (until its redirect) in each case, and how many
staff notices the worker delivered. Needs aiosmtpd (requirements-dev.txt).

    .venv/bin/python bench/hanging_mail_server.py [--port 8104] [--samples 40]
"""

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))
from leave_message import DATABASE, ROOT, Visitor, report, start_server  # noqa: E402


class CountingHandler:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 Message accepted"


def hanging_server() -> tuple[int, socket.socket]:
    """A port that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(100)
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1], listener


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def measure(port: int, mail_port: int, samples: int) -> list[float]:
    env = {
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_port}",
        "EMAIL_TIMEOUT": "10",
    }
    server = start_server(port, **env)
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_worker", "--no-reload"],
        env=os.environ
        | env
        | {
            "DEBUG": "false",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
            "DATABASE_URL": f"sqlite:///{DATABASE}",
            "CLUSTER_MESSAGE_RECIPIENTS": "staff@example.com",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        visitor = Visitor(f"http://127.0.0.1:{port}", str(DATABASE))
        visitor.code()  # warm up
        timings = []
        for number in range(samples):
            status, elapsed = visitor.submit(visitor.code(), number)
            assert status == 302, f"a valid submission was refused ({status})"
            timings.append(elapsed * 1000)
        time.sleep(3)  # let the worker try the mail server
        return timings
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


def line(label: str, timings: list[float]) -> str:
    timings = sorted(timings)
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return (
        f"{label:<34} median {statistics.median(timings):7.1f} ms   p95 {p95:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--samples", type=int, default=40)
    args = parser.parse_args()

    handler = CountingHandler()
    smtp_port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        working = measure(args.port, smtp_port, args.samples)
    finally:
        controller.stop()
    hanging_port, listener = hanging_server()
    try:
        hanging = measure(args.port, hanging_port, args.samples)
    finally:
        listener.close()

    report(f"POST /contact/, {args.samples} valid messages each:")
    report(line("mail server working", working))
    report(line("mail server hanging (no answer)", hanging))
    report(f"staff notices delivered while it worked: {handler.received}")


if __name__ == "__main__":
    main()
