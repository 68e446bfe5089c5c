"""*Tugas saya*: what one person should do next, gathered from every part of Renaksi.

The page is a list of sections; each section comes from a **provider**, a function taking a
``TaskContext`` and returning the sections it has for that person (none when the person has no
role it serves). Providers register themselves with ``@task_provider``; another app adds its own
work (e.g. register deadlines) by registering a provider in its ``AppConfig.ready``:

    from renaksi.worklist.selectors import TaskSection, task_provider

    @task_provider(order=50)
    def my_deadlines(ctx):
        if not ctx.managed_unit_ids:
            return []
        return [TaskSection(key="registers", title=..., items=[...], empty=...)]

Every provider reads in a fixed number of queries whatever the number of cells, plans or reports;
``TaskContext`` shares the person's memberships so each provider does not read them again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from renaksi.organisations.models import Membership, User
from renaksi.organisations.rules import MANAGER_ROLES

# How many items a section shows; its count and its "see all" link give the rest.
SECTION_LIMIT = 10


@dataclass
class TaskItem:
    """One thing to do: a cell, a report, an import report …, with why it is listed."""

    title: str
    reason: str  # one line: "Terlambat 12 hari (tenggat 7 September 2022)"
    url: str
    when: date | None = None
    unit: str = ""
    note: str = ""  # the assessor's or the parent's note, shown under the reason
    tone: str = "secondary"  # danger, warning, info, secondary: the badge beside the reason
    key: tuple = ()  # (plan id, indicator id, period) for cells: the queue's order


@dataclass
class TaskSection:
    key: str
    title: str
    items: list[TaskItem]
    empty: str  # what is finished when there is nothing: "Semua … sudah diajukan."
    count: int | None = None  # the whole count when ``items`` were cut to SECTION_LIMIT
    more_url: str = ""
    more_label: str = ""
    order: int = 0

    def __post_init__(self):
        if self.count is None:
            self.count = len(self.items)
        self.items = self.items[:SECTION_LIMIT]

    @property
    def hidden(self) -> int:
        return (self.count or 0) - len(self.items)


@dataclass
class TaskContext:
    user: User
    today: date
    memberships: list[Membership] = field(default_factory=list)

    def unit_ids(self, roles=None) -> set[int]:
        return {m.unit_id for m in self.memberships if roles is None or m.role in roles}

    @cached_property
    def member_unit_ids(self) -> set[int]:
        return self.unit_ids()

    @cached_property
    def managed_unit_ids(self) -> set[int]:
        return self.unit_ids(MANAGER_ROLES)

    @cached_property
    def asesor_unit_ids(self) -> set[int]:
        return self.unit_ids({Membership.Role.ASESOR})

    @cached_property
    def units(self) -> dict[int, object]:
        return {m.unit_id: m.unit for m in self.memberships}


@dataclass
class TaskPage:
    today: date
    sections: list[TaskSection]

    @property
    def total(self) -> int:
        return sum(s.count or 0 for s in self.sections)


Provider = Callable[[TaskContext], list[TaskSection]]
_PROVIDERS: list[tuple[int, str, Provider]] = []


def task_provider(func: Provider | None = None, *, order: int = 100):
    """Register a provider of sections (decorator; ``order`` places its sections on the page)."""

    def register(fn: Provider) -> Provider:
        name = f"{fn.__module__}.{fn.__qualname__}"
        if all(existing != name for _o, existing, _f in _PROVIDERS):
            _PROVIDERS.append((order, name, fn))
            _PROVIDERS.sort(key=lambda p: (p[0], p[1]))
        return fn

    return register(func) if func is not None else register


def task_providers() -> list[Provider]:
    return [fn for _order, _name, fn in _PROVIDERS]


def task_context(*, user, today: date) -> TaskContext:
    memberships = (
        list(Membership.objects.filter(user=user).select_related("unit").order_by("unit__code"))
        if user.is_authenticated
        else []
    )
    return TaskContext(user=user, today=today, memberships=memberships)


def task_page_for_user(*, user, today: date) -> TaskPage:
    """Every section of the person's *Tugas saya* as of ``today`` (a demo date or the real one)."""
    ctx = task_context(user=user, today=today)
    sections: list[TaskSection] = []
    if ctx.memberships:
        for provider in task_providers():
            sections.extend(provider(ctx))
    return TaskPage(today=today, sections=sorted(sections, key=lambda s: s.order))
