"""Visitors reading a cached page while an editor saves: does the site stall?

    .venv/bin/python bench/edit_stall.py [--seconds 30] [--saves 10]
        [--connections 8] [--enterprises 5000] [--news 2000] [--workers 2]

Self-contained: a scratch SQLite database with the demo content and synthetic
releases and enterprises, its own redis-server (no persistence) as REDIS_URL,
and the site served as `make serve` does (gunicorn with gunicorn.conf.py, DEBUG
off). wrk reads `/` (the home page: releases, key figures and featured firms,
so the directory's index too) with --connections connections for --seconds,
while another process saves a release --saves times, one save per
--seconds/(saves+2) seconds, as a process serving the admin does (the save
inside a request, the shared values built once its response is sent).

It prints, for each second of the run, how many responses completed (wrk's
Lua hook counts them per thread), the seconds that completed none, and wrk's
requests/second, p50 and p99. Targets: no second without a completed response,
p99 at most 5 times p50. Nothing is asserted.
"""

import argparse
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.parse
from collections import Counter
from pathlib import Path

from _harness import MANAGE, checkouts, prepare_site, site_environment, start_site, stop
from redis_down import start_redis
from serve import UNIT_MS, WRK_LATENCY, WRK_RATE, warm_up

# Each wrk thread writes "second count" lines as each second ends.
COUNTING = """
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
local last, n, file = nil, 0, nil
function init(args)
  file = io.open(args[1] .. "." .. id, "w")
end
function response(status, headers, body)
  local now = os.time()
  if now ~= last then
    if last then file:write(last, " ", n, "\\n"); file:flush() end
    last, n = now, 0
  end
  if status == 200 then n = n + 1 end
end
"""

EDITOR = """
import time
from django.core.signals import request_finished, request_started
from news.models import Release
release = Release.objects.published().order_by("-release_time").first()
print("ready", flush=True)
time.sleep({pause})
for number in range({saves}):
    request_started.send(sender=None)
    release.summary = f"Edited {{number}} at {{time.time():.1f}}"
    release.save()
    request_finished.send(sender=None)
    print(f"save {{number}} at {{time.time():.1f}}", flush=True)
    time.sleep({pause})
"""


def main() -> None:
    args = arguments()
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-edit-stall-"))
    workdir.mkdir(parents=True, exist_ok=True)
    for name, checkout in checkouts(args.baseline, workdir).items():
        run(args, workdir, name, checkout)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--enterprises", type=int, default=5000)
    parser.add_argument("--news", type=int, default=2000)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--redis-port", type=int, default=6393)
    parser.add_argument("--keep", type=Path, help="reuse this scratch folder")
    parser.add_argument(
        "--baseline",
        default="4e7dad1",
        help="a commit measured the same way after this checkout ('' for none)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (apt-get install wrk).")
    return args


def run(args, folder: Path, name: str, checkout: Path) -> None:
    """One checkout's run, on its own copy of the content."""
    workdir = folder / f"run-{name}"
    workdir.mkdir(exist_ok=True)
    if (folder / "bench.sqlite3").exists():
        shutil.copy(folder / "bench.sqlite3", workdir / "bench.sqlite3")
    redis_url = f"redis://127.0.0.1:{args.redis_port}/0"
    environment = site_environment(
        workdir, args.port, args.workers, REDIS_URL=redis_url
    )
    base = f"http://127.0.0.1:{args.port}"
    script = workdir / "count.lua"
    script.write_text(COUNTING)
    counts = workdir / "counts"
    redis, site = start_redis(args.redis_port, workdir), None
    with open(workdir / "site.log", "w") as log:
        try:
            if not (workdir / "bench.sqlite3").exists():
                prepare_site(
                    environment,
                    ["generate_demo", f"--news={args.news}", "-v0"]
                    + [f"--enterprises={args.enterprises}"],
                )
                shutil.copy(workdir / "bench.sqlite3", folder / "bench.sqlite3")
            for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
                subprocess.run(
                    MANAGE + command, cwd=checkout, env=environment, check=True
                )
            # A loaded machine boots a worker slowly (its search dictionary).
            site = start_site(environment, log, checkout, seconds=300)
            warm_up(urllib.parse.urlsplit(base + "/"), "/")
            pause = args.seconds / (args.saves + 2)
            editor = subprocess.Popen(
                MANAGE + ["shell", "-c", EDITOR.format(pause=pause, saves=args.saves)],
                cwd=checkout,
                env=environment,
                stdout=subprocess.PIPE,
                text=True,
            )
            while editor.stdout.readline().strip() != "ready":
                pass  # its log lines; its first save comes `pause` s after "ready"
            started = time.time()
            out = subprocess.run(
                ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s"]
                + ["--latency", "-s", str(script), base + "/", "--", str(counts)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            saves = editor.communicate(timeout=60)[0].split("\n")
        finally:
            if site is not None:
                stop(site)
            stop(redis)

    per_second = Counter()
    for part in workdir.glob("counts.*"):
        for line in part.read_text().split("\n"):
            if line:
                second, number = line.split()
                per_second[int(second)] += int(number)
    first, last = int(started) + 1, int(started) + args.seconds - 1
    idle = [second - first for second in range(first, last) if not per_second[second]]
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(out)}
    print(
        f"{name}: GET / with wrk -c{args.connections} for {args.seconds} s, "
        f"{args.saves} saves of a release by another process, "
        f"{args.workers} gunicorn workers, "
        f"Redis, SQLite, {time.strftime('%Y-%m-%d %H:%M %Z')}, "
        f"load {os.getloadavg()[0]:.1f}"
    )
    print(
        "saves:",
        ", ".join(
            f"{float(s.split()[-1]) - started:.1f} s"
            for s in saves
            if s.startswith("save")
        ),
    )
    print(
        "responses per second:",
        " ".join(str(per_second[second]) for second in range(first, last)),
    )
    print(f"seconds without a completed response: {len(idle)} {idle or ''}")
    p50, p99 = latency["50"], latency["99"]
    print(
        f"requests/s {float(WRK_RATE.search(out).group(1)):.0f}, p50 {p50:.1f} ms, "
        f"p99 {p99:.1f} ms, p99/p50 {p99 / p50:.1f}; "
        f"{' '.join(re.findall(r'Non-2xx.*|Socket errors.*', out)) or 'no errors'}"
    )


if __name__ == "__main__":
    main()
