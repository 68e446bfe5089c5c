"""gunicorn settings for Renaksi in production (``./dev serve``, the systemd unit, the container).

Threads (gthread) rather than sync workers: a slow client holds one thread, not a whole process,
and Django's database connections are per thread. Every value can be overridden by environment.
"""

import multiprocessing
import os

bind = os.environ.get("RENAKSI_BIND", "127.0.0.1:8000")
# Two cores → 3 processes × 4 threads. Renaksi is CPU-bound on templates; more processes than
# cores + 1 only adds memory.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))  # a request running longer is killed
graceful_timeout = 30
keepalive = 5
# Bounded request heads: a huge request line or header set is refused before Django sees it.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Restart each process now and then: long-lived Python processes fragment their memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1")
