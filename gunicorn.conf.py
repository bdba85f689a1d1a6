"""gunicorn settings: `gunicorn -c gunicorn.conf.py` (or `gunicorn klocket.wsgi`, which reads this file).

Sync workers, one per core by default: measured on 2 cores, 2 workers beat 2n+1. A sync worker
serves one connection at a time, so two slow clients straight to gunicorn would hold both: it
always runs behind nginx, which buffers whole requests and responses, bound to loopback or a
unix socket only (GUNICORN_BIND; docs/deploy.md).
"""

import multiprocessing
import os

wsgi_app = "klocket.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count()))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows for long; not too often, as each new
# worker spends about a second of CPU importing Django (make bench-load measured 5000 as costly).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
# Off by default: the portal logs every request itself (klocket/middleware.py), with secrets in paths
# (password-reset tokens) masked; gunicorn's own log would write them in clear. GUNICORN_ACCESSLOG=-
# logs to stdout (the journal under systemd) for debugging.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
