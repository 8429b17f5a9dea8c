"""Tasks that exist only for the tests of the worker (workers import them by path)."""

import datetime
import os
import time
from pathlib import Path

from django_tasks import task

from background.queue import retried


@task()
def append_line(path: str, tag: str, pause: float = 0) -> None:
    """Append one line (tag and process id) to a file, as a visible effect."""
    time.sleep(pause)
    with open(path, "a") as file:
        file.write(f"{tag} {os.getpid()}\n")


@task()
@retried([datetime.timedelta(minutes=1), datetime.timedelta(minutes=10)])
def fail_until_the_file_exists(path: str) -> str:
    """Raise until the file exists, as a mail server that is down until it is up."""
    if not Path(path).exists():
        raise ConnectionRefusedError(f"{path} is not there yet")
    return "done"


@task()
def always_fail() -> None:
    raise ValueError("This task cannot work.")


def worker_running_due_tasks():
    """A worker that runs every due task once, then returns (`batch`)."""
    from background.worker import Worker

    return Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
