"""gunicorn settings: `gunicorn -c gunicorn.conf.py` (or `gunicorn klocket.wsgi`, which reads this file).

Sync workers, one per core by default: measured on 2 cores, 2 workers beat 2n+1.
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
# "-" logs each request to stdout (the journal under systemd); GUNICORN_ACCESSLOG= (empty) turns it off,
# as the portal logs every request itself (klocket/middleware.py).
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
