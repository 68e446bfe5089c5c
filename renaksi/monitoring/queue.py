"""A person's queue of cells, for previous/next on the cell page and *Simpan & berikutnya*.

``saya``: the cells the person must report (their own as PIC, their unit's for a Sekretaris or
administrator), returned first, then overdue, then due; ``verifikasi``: the Tim Asesor's queue,
oldest submission first. The same lists as on *Tugas saya*.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from renaksi.monitoring.task_providers import (
    QUEUE_MINE,
    QUEUE_VERIFY,
    cell_link,
    cell_work,
    mine_queue,
    verification_queue,
)
from renaksi.worklist.selectors import task_context

QUEUES = (QUEUE_MINE, QUEUE_VERIFY)
Key = tuple[int, int, int]


def queue_keys(*, user, queue: str, today: date | None = None) -> list[Key]:
    """The keys (plan id, indicator id, period) of the person's queue, in order."""
    ctx = task_context(user=user, today=today or timezone.localdate())
    if queue == QUEUE_MINE:
        return [w.key for w in mine_queue(ctx, cell_work(ctx))]
    if queue == QUEUE_VERIFY:
        return [
            (r.indicator.activity.area.plan_id, r.indicator_id, r.period)
            for r in verification_queue(ctx)
        ]
    return []


@dataclass
class QueuePlace:
    queue: str
    position: int | None  # 1-based; None when the cell is not (or no longer) in the queue
    total: int
    previous_url: str = ""
    next_url: str = ""


def queue_place(*, user, queue: str, key: Key) -> QueuePlace | None:
    if queue not in QUEUES:
        return None
    keys = queue_keys(user=user, queue=queue)
    position = keys.index(key) if key in keys else None
    place = QueuePlace(queue, None if position is None else position + 1, len(keys))
    if position is not None and position > 0:
        place.previous_url = cell_link(*keys[position - 1], queue=queue)
    following = next_after(keys, key)
    if following is not None:
        place.next_url = cell_link(*following, queue=queue)
    return place


def next_after(keys: list[Key], key: Key) -> Key | None:
    """The item after ``key``; the first one when ``key`` is not in the queue."""
    if key in keys:
        position = keys.index(key)
        return keys[position + 1] if position + 1 < len(keys) else None
    return keys[0] if keys else None
