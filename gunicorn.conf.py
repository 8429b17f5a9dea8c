"""gunicorn settings for `make serve` and production (systemd runs the same file).

Every value can be overridden on the command line or, for the worker count, by
WEB_CONCURRENCY, which gunicorn reads itself.
"""

import os

wsgi_app = "cluster_cms.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A worker stuck longer than this is killed and replaced, so one slow request
# cannot hold a worker forever.
timeout = 30
graceful_timeout = 30
# Recycle workers now and then so a slow leak in any library cannot grow unbounded,
# but rarely: a new worker loads the app (about 0.5 s of CPU, taken from the
# worker still serving) and draws its first pages cold. Every 2,000 requests,
# under load that was every few seconds and the cause of a p99 of 600-800 ms.
max_requests = 100_000
max_requests_jitter = 10_000
# Access and error logs go to stderr, with the request id the site sets, so a
# line in the access log can be matched with the application's log lines.
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s "%(a)s"'
# Behind nginx on the same machine only; see docs/deploy.md.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
