"""gunicorn settings for `make serve` and production (systemd runs the same file).

Every value can be overridden on the command line or, for the worker count, by
WEB_CONCURRENCY, which gunicorn reads itself.
"""

import os
from pathlib import Path

import environ

# The same environment as Django's settings, .env included, so that gunicorn and
# Django agree on BEHIND_PROXY.
env = environ.Env()
environ.Env.read_env(Path(__file__).resolve().parent / ".env", overwrite=False)

wsgi_app = "cluster_cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Headers that change what a request is (its scheme, its path prefix) are only
# believed from a proxy, and only with BEHIND_PROXY (see below).
BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
# gthread workers keep idle keep-alive connections aside, off the threads.
# Where clients reach gunicorn directly (`make serve`), each worker runs 8
# threads: a client that sends its request slowly (a bad mobile link, or on
# purpose) holds one thread, not a whole worker, so a handful of them cannot
# stop the site answering (bench/slow_clients.py). Behind the proxy, which reads
# each request whole before passing it on (docs/deploy.md), no client is slow,
# and one request at a time per worker keeps the slowest answers close to the
# typical ones: a worker's threads take turns on one interpreter lock, and under
# load p99 was 5 to 15 times p50 with 8 threads against 2 to 3 times with one
# (bench/serve.py, docs/performance.md).
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "1" if BEHIND_PROXY else "8"))
# A worker whose main loop is stuck longer than this is killed and replaced.
# gthread workers keep that loop going while a request runs, so this never ends
# a slow request: the database does. Each statement of a request is cancelled
# after CLUSTER_STATEMENT_TIMEOUT seconds (PostgreSQL; SQLite waits 20 s for its
# lock at most), its transaction rolled back and a 503 answered, before the
# proxy gives up (docs/deploy.md). Workers and commands, started otherwise, set
# no limit.
timeout = 30
os.environ.setdefault("CLUSTER_STATEMENT_TIMEOUT", str(timeout - 10))
graceful_timeout = 30
# Recycle workers now and then so a slow leak in any library cannot grow unbounded,
# but rarely: a new worker loads the app (about 0.5 s of CPU, taken from the
# worker still serving) and draws its first pages cold. Every 2,000 requests,
# under load that was every few seconds and the cause of a p99 of 600-800 ms.
max_requests = 100_000
max_requests_jitter = 10_000


def post_worker_init(worker):
    """Ready each worker before its first request, so no visitor waits on it.

    jieba's dictionary loads here rather than in a visitor's first search.
    Then everything loaded so far (Django, the URL map, templates, the
    dictionary: over 300,000 objects) is moved out of the garbage collector's
    reach with gc.freeze(): they live as long as the worker, and each full
    collection scanned them all, a pause of about 100 ms that landed on
    whichever request was running (bench/serve.py's p99).
    """
    import gc

    from search.engine import load_dictionary

    load_dictionary()
    gc.collect()
    gc.freeze()
    worker.log.info(
        "Worker ready: search dictionary loaded, %d objects out of the "
        "collector's reach.",
        gc.get_freeze_count(),
    )


# Access and error logs go to stderr, with the request id the site sets, so a
# line in the access log can be matched with the application's log lines.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s "%(a)s"'
# Behind the proxy, as Django does, only the one header the proxy overwrites,
# X-Forwarded-Proto, is believed, from the addresses in FORWARDED_ALLOW_IPS.
# Without it, no client can claim HTTPS or a SCRIPT_NAME. See docs/deploy.md.
forwarded_allow_ips = (
    os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1") if BEHIND_PROXY else ""
)
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if BEHIND_PROXY else {}
forwarder_headers = ""
