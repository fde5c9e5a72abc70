"""gunicorn configuration for Frontline (`gunicorn -c deploy/gunicorn.conf.py frontline.wsgi`).

Every value can be changed by the environment variable named beside it; the systemd unit and
the container file use this file as it is.
"""

from __future__ import annotations

import os
import shutil
import tempfile

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: Frontline's requests are short and database-bound. Two per core plus one.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
worker_class = "sync"
# A request that takes longer than this is killed and its worker replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (slow leaks in third-party code never grow for long).
max_requests = 2000
max_requests_jitter = 200
# Load the app once in the master: a worker that dies is replaced in milliseconds, not seconds.
preload_app = True
# SO_REUSEPORT: a master started after `kill -9` of the old one binds at once, even while the
# old one's orphaned workers still hold the port (they exit on their own, or systemd's
# KillMode=mixed ends them). Without it the new master waits for the port (issue 18: ~50 s).
reuse_port = True
# The proxy's X-Forwarded-* headers are trusted from nginx on the same host only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# No access log: Django's request line (frontline.request) has the URL pattern, never the path.
accesslog = None
errorlog = "-"
loglevel = "warning"

# Metrics summed over the workers (prometheus_client's multiprocess mode): a directory of
# per-process files, emptied when the master starts.
_metrics_dir = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    os.path.join(tempfile.gettempdir(), f"frontline-metrics-{os.getuid()}"),
)


def on_starting(server: object) -> None:
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)


def child_exit(server: object, worker: object) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
