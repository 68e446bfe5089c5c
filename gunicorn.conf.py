"""gunicorn settings, the one file for every start: ``./dev serve``, the systemd unit, the
container, the multi-node tests and the bench (``gunicorn -c gunicorn.conf.py``).

gunicorn also reads this file by itself when started from the repository root. Every value can be
overridden by environment (README "Configuration"). Threads (gthread)
keep a slow or stalled client from holding a whole worker: a connection that has not sent its
request line and headers within ``timeout`` is dropped, keep-alive connections are recycled, and
over-long request lines and header blocks are refused before Django sees them. Bodies are bounded
by Django (DATA_UPLOAD_MAX_MEMORY_SIZE, checked against Content-Length before reading) and, in a
full deployment, by the reverse proxy in front (client_max_body_size).
"""

import multiprocessing
import os

bind = os.environ.get("RENAKSI_BIND") or os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
wsgi_app = "renaksi.wsgi:application"
# gthread with a deadline on every client read (renaksi/security/gunicorn_worker.py).
worker_class = "renaksi.security.gunicorn_worker.TimedThreadWorker"
# Two cores → 3 processes × 4 threads: Renaksi is CPU-bound on templates; more processes than
# cores + 1 only add memory.
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
)
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes longer than this kills its worker (documents go through the job queue).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Seconds an idle kept-alive connection stays open (it holds no thread, only a socket in the
# poller). Longer than a person's pause between steps in the bench's deadline scenario (1-5 s) and
# than the reverse proxy's own idle limit (Caddyfile: keepalive 10s): the side that closes an idle
# connection first never meets the race where the other sends a request on it as it closes (a
# reset, "status 0" in the bench). Every idle connection counts towards worker_connections.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "15"))
# Refuse oversized request lines and header blocks early.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Recycle workers now and then so slow leaks cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# "-" logs every request to stdout (the journal, the container log); unset, only the proxy logs.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
# X-Forwarded-Proto is believed from these addresses only (the reverse proxy on this host).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES") or "127.0.0.1,::1"


def on_starting(server):
    # Refuse an unsafe production start in the master, before any worker boots: the embedded
    # SECRET_KEY, DEBUG on, or a per-process sign-in throttle (renaksi/security/checks.py).
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
    import django

    django.setup()
    from renaksi.security.checks import refuse_unsafe_start

    refuse_unsafe_start()
