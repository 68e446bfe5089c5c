"""``/healthz`` and ``/readyz``: cheap checks for load balancers and monitoring.

``/healthz`` checks each dependency the app needs to serve and to work: the database, the cache,
the job queue and the file storage. Each answer is ``ok`` or a short error class (never a message
that could carry a host name, a password or a path). ``/readyz`` says whether this node may take
traffic: the database answers and every migration is applied. Both are open without sign-in and
answer 200 when healthy, 503 otherwise.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = "renaksi:healthz"
    value = str(time.monotonic_ns())
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("cache did not keep a value")


def check_queue() -> int:
    """The number of jobs waiting (also proves the queue's store answers)."""
    from huey.contrib.djhuey import HUEY

    return HUEY.pending_count()


def check_storage() -> None:
    storage = default_storage
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:  # S3: one HEAD on the bucket, no object listing
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return
    location = getattr(storage, "location", None)
    if location is not None:
        import os

        os.makedirs(location, exist_ok=True)
        if not os.access(location, os.W_OK):
            raise PermissionError("storage folder is not writable")


CHECKS: dict[str, Callable[[], object]] = {
    "database": check_database,
    "cache": check_cache,
    "queue": check_queue,
    "storage": check_storage,
}


def run_checks(names=None) -> tuple[bool, dict]:
    results, healthy = {}, True
    for name, check in CHECKS.items():
        if names is not None and name not in names:
            continue
        started = time.perf_counter()
        try:
            value = check()
        except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
            healthy = False
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True}
            if isinstance(value, int):
                results[name]["pending"] = value
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return healthy, results


@never_cache
@require_GET
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results}, status=200 if healthy else 503
    )


@never_cache
@require_GET
def readyz(request):
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # noqa: BLE001
        return JsonResponse({"status": "fail", "error": type(exc).__name__}, status=503)
    if pending:
        return JsonResponse({"status": "fail", "pending_migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ok"})
