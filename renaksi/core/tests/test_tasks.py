"""django.tasks on huey: queued by the web process, run by the worker, on SQLite and on Redis."""

import uuid
from datetime import timedelta

import pytest
from django.tasks import Task, TaskResultStatus, task
from django.tasks.exceptions import InvalidTask, TaskResultDoesNotExist
from django.utils import timezone
from huey import RedisHuey, SqliteHuey

from renaksi.core.tasks import RECORD_KEY, default_huey
from renaksi.organisations.models import Unit

REDIS_URL = "redis://127.0.0.1:6379/0"


@task
def unit_create(code: str, name: str) -> dict:
    unit = Unit.objects.create(code=code, name=name, level=Unit.Level.OTHER)
    return {"code": unit.code, "name": unit.name}


def plain_function(code: str) -> None:
    return None


@task
def unit_create_failing(code: str) -> None:
    Unit.objects.create(code=code, name="Gagal", level=Unit.Level.OTHER)
    raise ValueError("sengaja gagal")


def _sqlite_huey(tmp_path):
    return SqliteHuey(name="renaksi-test", filename=str(tmp_path / "huey.sqlite3"))


def _redis_huey():
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis at {REDIS_URL} is not reachable (./dev test starts it)")
    # A queue name of its own: nothing else on this Redis is read or flushed.
    return RedisHuey(name=f"renaksi-test-{uuid.uuid4().hex}", url=REDIS_URL, blocking=False)


@pytest.fixture(params=["sqlite", "redis"])
def huey(request, tmp_path, settings):
    queue = _sqlite_huey(tmp_path) if request.param == "sqlite" else _redis_huey()
    settings.TASKS = {
        "default": {"BACKEND": "renaksi.core.tasks.HueyBackend", "OPTIONS": {"huey": queue}}
    }
    yield queue
    queue.flush()
    if request.param == "redis":
        queue.storage.conn.close()


def work_one(huey):
    """What `manage.py run_huey` does with one message: take it off the queue and run it."""
    message = huey.dequeue()
    assert message is not None, "nothing was queued"
    huey.execute(message)


def test_it_queues_a_task_and_the_worker_runs_it(db, huey):
    result = unit_create.enqueue("99.01", "KPU Unit Antrean")

    assert result.status == TaskResultStatus.READY
    assert result.backend == "default"
    assert result.args == ["99.01", "KPU Unit Antrean"]
    assert huey.pending_count() == 1
    assert not Unit.objects.filter(code="99.01").exists()

    work_one(huey)

    assert Unit.objects.get(code="99.01").name == "KPU Unit Antrean"
    assert huey.pending_count() == 0
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"code": "99.01", "name": "KPU Unit Antrean"}
    assert result.started_at is not None and result.finished_at >= result.started_at
    assert len(result.worker_ids) == 1


def test_it_reads_the_result_by_id_from_the_task(db, huey):
    result = unit_create.enqueue("99.02", "KPU Unit Dua")
    assert unit_create.get_result(result.id).status == TaskResultStatus.READY

    work_one(huey)

    stored = unit_create.get_result(result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.return_value["code"] == "99.02"
    assert stored.task.func is unit_create.func


def test_it_records_a_failure_with_its_traceback(db, huey):
    result = unit_create_failing.enqueue("99.03")

    work_one(huey)

    result.refresh()
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class is ValueError
    assert "sengaja gagal" in result.errors[0].traceback
    with pytest.raises(ValueError, match="failed"):
        _ = result.return_value


def test_it_holds_a_deferred_task_until_its_time(db, huey):
    result = unit_create.using(run_after=timezone.now() + timedelta(hours=1)).enqueue(
        "99.04", "KPU Unit Nanti"
    )

    work_one(huey)

    # Not due yet: the worker put it on the schedule instead of running it.
    assert not Unit.objects.filter(code="99.04").exists()
    assert huey.scheduled_count() == 1
    assert unit_create.get_result(result.id).status == TaskResultStatus.READY


def test_it_refuses_arguments_that_are_not_json(db, huey):
    with pytest.raises(TypeError):
        unit_create.enqueue("99.05", object())
    assert huey.pending_count() == 0


def test_it_refuses_a_task_the_worker_could_not_import(db, huey):
    # A Task built around a function whose module path does not name that Task.
    orphan = Task(func=plain_function)

    with pytest.raises(InvalidTask):
        orphan.enqueue("99.06")
    assert huey.pending_count() == 0


def test_it_says_when_a_result_does_not_exist(db, huey):
    with pytest.raises(TaskResultDoesNotExist):
        unit_create.get_result("tidak-ada")


def test_it_runs_inline_when_huey_is_in_immediate_mode(db, settings):
    from huey import MemoryHuey

    queue = MemoryHuey(name="renaksi-immediate", immediate=True)
    settings.TASKS = {
        "default": {"BACKEND": "renaksi.core.tasks.HueyBackend", "OPTIONS": {"huey": queue}}
    }

    result = unit_create.enqueue("99.07", "KPU Unit Langsung")

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["code"] == "99.07"
    assert Unit.objects.filter(code="99.07").exists()


def test_it_registers_the_runner_and_the_daily_reminders_on_the_configured_queue():
    from django.utils.module_loading import autodiscover_modules

    # What the worker does at start: import every app's tasks module.
    autodiscover_modules("tasks")
    registry = default_huey()._registry
    assert "renaksi.core.tasks.run_django_task" in registry._registry
    periodic = {f"{t.__module__}.{t.__name__}" for t in registry._periodic_tasks}
    assert "renaksi.monitoring.tasks.reminders_daily" in periodic


def test_it_keeps_its_records_apart_from_hueys_results(db, huey):
    result = unit_create.enqueue("99.08", "KPU Unit Delapan")
    work_one(huey)

    assert huey.get(RECORD_KEY % result.id, peek=True)["status"] == "SUCCESSFUL"
    # The value lives in the record only: huey stores nothing under its own task id.
    assert huey.get(result.id, peek=True) is None
    assert huey.result_count() == 1
