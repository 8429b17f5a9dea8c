"""Several workers, as separate processes on one PostgreSQL database, as deployed."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from tests.support import processes, tasks

pytestmark = [
    processes.needs_postgresql,
    # The workers read what the test commits, and the test reads what they commit.
    pytest.mark.django_db(transaction=True),
]


def start_worker(log_path, **env):
    """`manage.py run_worker` as systemd starts it, writing to a log file."""
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "run_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=settings.BASE_DIR,
            env={
                "PATH": os.environ["PATH"],
                "DJANGO_SETTINGS_MODULE": "cluster_cms.settings",
                "DEBUG": "true",
                "DATABASE_URL": processes.database_url(),
                "EMAIL_URL": "dummymail://",
                **env,
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def wait_for(condition, *, seconds, what, logs=()):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            output = "\n".join(path.read_text(errors="replace") for path in logs)
            pytest.fail(f"{what} did not happen within {seconds} s:\n{output}")
        time.sleep(0.1)


def test_two_workers_share_the_queue_and_run_every_task_once(tmp_path):
    effects = tmp_path / "effects.txt"
    count = 300
    for number in range(count):
        tasks.append_line.enqueue(str(effects), f"task-{number}", 0.01)
    logs = [tmp_path / "worker-a.log", tmp_path / "worker-b.log"]
    workers = [start_worker(log) for log in logs]
    try:
        wait_for(
            lambda: DBTaskResult.objects.successful().count() == count,
            seconds=120,
            what="all tasks",
            logs=logs,
        )
    finally:
        for worker in workers:
            processes.stop(worker)

    lines = effects.read_text().splitlines()
    tags = [line.split()[0] for line in lines]
    assert sorted(tags) == sorted(f"task-{number}" for number in range(count))
    # Both took part, and every task was claimed by exactly one of them.
    assert {line.split()[1] for line in lines} == {str(w.pid) for w in workers}
    assert all(len(r.worker_ids) == 1 for r in DBTaskResult.objects.all())
