"""The ``django.tasks`` backend of Renaksi: tasks are queued on huey and run by its worker.

``TASKS = {"default": {"BACKEND": "renaksi.core.tasks.HueyBackend"}}`` uses the queue configured
in ``settings.HUEY`` (``huey.contrib.djhuey``): an SQLite file in the embedded install, Redis in
production. ``manage.py run_huey`` is the worker for both.

One generic huey task, ``run_django_task``, carries every Django task: it imports the task by its
module path and calls it. Next to huey's own queue, the backend keeps a small record per enqueued
task in huey's key-value store (status, times, return value, errors), so ``get_result`` works
from any process. Records are kept until the queue is flushed; one per enqueued task, a few
hundred bytes each.

``OPTIONS = {"huey": <Huey instance or its dotted path>}`` selects another huey instance (the tests
use a temporary SQLite file and a private Redis queue).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import weakref
from traceback import format_exception

from django.db import connections
from django.tasks import Task, TaskContext, TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.exceptions import InvalidTask, TaskResultDoesNotExist
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone
from django.utils.json import normalize_json
from django.utils.module_loading import import_string

from renaksi.core.observability import current_request_id, request_id_var

logger = logging.getLogger(__name__)

RECORD_KEY = "renaksi.task:%s"

_runners: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_runners_lock = threading.Lock()


class _RestoredTask(Task):
    """A task rebuilt from a record: not validated again (settings may have changed since)."""

    def __post_init__(self):
        pass


def default_huey():
    from huey.contrib.djhuey import HUEY

    return HUEY


def runner_for(huey):
    """The generic huey task on ``huey``, registered once per huey instance."""
    with _runners_lock:
        runner = _runners.get(huey)
        if runner is None:

            def run_django_task(module_path, args, kwargs, task=None):
                return _run(huey, task.id, module_path, args, kwargs)

            runner = huey.task(name="run_django_task", context=True)(run_django_task)
            _runners[huey] = runner
        return runner


def _close_old_connections() -> None:
    # What a request does at its start and end; a worker thread lives long. Connections inside a
    # transaction (a test, or a task run inline by a caller) are left alone.
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def _django_task(module_path: str) -> Task:
    task = import_string(module_path)
    if not isinstance(task, Task):
        raise InvalidTask(f"{module_path!r} is not a django.tasks Task.")
    return task


def _new_record(task: Task, result_id: str, alias: str, args: list, kwargs: dict) -> dict:
    return {
        "id": result_id,
        "backend": alias,
        "task_path": task.module_path,
        "priority": task.priority,
        "queue_name": task.queue_name,
        "run_after": task.run_after,
        "takes_context": task.takes_context,
        "status": TaskResultStatus.READY.value,
        "enqueued_at": timezone.now(),
        "started_at": None,
        "last_attempted_at": None,
        "finished_at": None,
        "args": args,
        "kwargs": kwargs,
        "return_value": None,
        "errors": [],
        "worker_ids": [],
        # The request that queued the job, so its log lines carry the same id (observability).
        "request_id": current_request_id(),
    }


def _record_to_result(record: dict) -> TaskResult:
    try:
        found = _django_task(record["task_path"])
        func = found.func
    except (ImportError, InvalidTask):
        # The code changed since the task was queued; the record still reads.
        def func(*args, **kwargs):
            raise ImportError(record["task_path"])

        func.__module__, func.__qualname__ = record["task_path"].rsplit(".", 1)
    task = _RestoredTask(
        func=func,
        priority=record["priority"],
        backend=record["backend"],
        queue_name=record["queue_name"],
        run_after=record["run_after"],
        takes_context=record["takes_context"],
    )
    result: TaskResult = TaskResult(
        task=task,
        id=record["id"],
        status=TaskResultStatus(record["status"]),
        enqueued_at=record["enqueued_at"],
        started_at=record["started_at"],
        finished_at=record["finished_at"],
        last_attempted_at=record["last_attempted_at"],
        args=record["args"],
        kwargs=record["kwargs"],
        backend=record["backend"],
        errors=[TaskError(exception_class_path=p, traceback=t) for p, t in record["errors"]],
        worker_ids=list(record["worker_ids"]),
    )
    if record["status"] == TaskResultStatus.SUCCESSFUL.value:
        object.__setattr__(result, "_return_value", record["return_value"])
    return result


def _run(huey, result_id: str, module_path: str, args: list, kwargs: dict):
    """What the worker runs for every queued Django task."""
    key = RECORD_KEY % result_id
    record = huey.get(key, peek=True)
    request_token = None
    _close_old_connections()
    try:
        task = _django_task(module_path)
        if record is None:
            # The record was flushed while the task waited: start a new one.
            record = _new_record(task, result_id, task.backend, args, kwargs)
        now = timezone.now()
        record.update(status=TaskResultStatus.RUNNING.value, started_at=now, last_attempted_at=now)
        record["worker_ids"].append(_worker_id())
        huey.put(key, record)
        task_result = _record_to_result(record)
        request_token = request_id_var.set(record.get("request_id") or f"task-{result_id}")
        task_started.send(sender=HueyBackend, task_result=task_result)
        try:
            if record["takes_context"]:
                value = task.call(TaskContext(task_result=task_result), *args, **kwargs)
            else:
                value = task.call(*args, **kwargs)
            value = normalize_json(value)
        except Exception as exc:
            record["errors"].append(
                (f"{type(exc).__module__}.{type(exc).__qualname__}", "".join(format_exception(exc)))
            )
            _finish(huey, key, record, TaskResultStatus.FAILED.value)
            raise
        _finish(huey, key, record, TaskResultStatus.SUCCESSFUL.value, return_value=value)
        # The record holds the value; huey need not store it a second time.
        return None
    finally:
        if request_token is not None:
            request_id_var.reset(request_token)
        _close_old_connections()


def _finish(huey, key: str, record: dict, status: str, **fields) -> None:
    record.update(status=status, finished_at=timezone.now(), **fields)
    huey.put(key, record)
    task_finished.send(sender=HueyBackend, task_result=_record_to_result(record))


class HueyBackend(BaseTaskBackend):
    """Queues ``django.tasks`` on huey; ``manage.py run_huey`` runs them."""

    supports_defer = True
    supports_get_result = True

    def __init__(self, alias, params):
        super().__init__(alias, params)
        self._huey = self.options.get("huey")

    @property
    def huey(self):
        if self._huey is None:
            self._huey = default_huey()
        elif isinstance(self._huey, str):
            self._huey = import_string(self._huey)
        return self._huey

    @property
    def supports_priority(self) -> bool:  # type: ignore[override]
        return bool(getattr(self.huey.storage, "priority", False))

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        # The worker finds the task by its module path, so it must be importable from there
        # (checked here: while @task decorates, the module is still being imported).
        try:
            found = import_string(task.module_path)
        except ImportError:
            found = None
        if not isinstance(found, Task) or found.func is not task.func:
            raise InvalidTask(
                f"Task {task.module_path!r} must be a module-level @task, importable by that path."
            )
        args = normalize_json(list(args))
        kwargs = normalize_json(dict(kwargs))
        huey_task = runner_for(self.huey).s(
            task.module_path,
            args,
            kwargs,
            priority=task.priority or None,
            eta=task.run_after,
        )
        record = _new_record(task, huey_task.id, self.alias, args, kwargs)
        key = RECORD_KEY % huey_task.id
        self.huey.put(key, record)
        task_result = _record_to_result(record)
        # The result carries the task as given (alias, options), not the one rebuilt by path.
        object.__setattr__(task_result, "task", task)
        task_enqueued.send(sender=type(self), task_result=task_result)
        self.huey.enqueue(huey_task)
        if self.huey.immediate:
            # Huey's immediate mode has already run it.
            task_result = _record_to_result(self.huey.get(key, peek=True) or record)
            object.__setattr__(task_result, "task", task)
        return task_result

    def get_result(self, result_id):
        record = self.huey.get(RECORD_KEY % result_id, peek=True)
        if record is None:
            raise TaskResultDoesNotExist(result_id)
        return _record_to_result(record)


# The worker (``run_huey``) imports every app's ``tasks`` module: this puts the generic task in the
# configured queue's registry before the first message is read.
runner_for(default_huey())
