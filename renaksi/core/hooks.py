"""Cross-app reactions in one place: a lower app announces a change, a higher app reacts.

The apps form layers (README, *Architecture*): a lower app never imports a higher one. When a
write in a lower app must update data kept by a higher one (a realisation changes → the roll-up
summary of its plan and period is recomputed), the lower app calls one of the ``announce_*``
functions below inside its own transaction, and the higher app subscribes in its
``AppConfig.ready()``. Receivers run synchronously, in the same transaction, so a failed reaction
rolls the write back: the derived data never drifts from the cells.

Subscribers today: ``rollup`` (``RollupConfig.ready``) keeps ``PlanPeriodSummary``; ``plans``
(``PlansConfig.ready``) bumps the plans' change stamps (``plans.stamps``) on every announcement.

``reminder_providers``: callables ``provider(*, today) -> list[(user, ReminderItem-like, overdue)]``
that add items to the daily reminder digest (``monitoring.reminders``) without monitoring
importing the apps that provide them. Registered in the providing app's ``AppConfig.ready``
(``registers``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.dispatch import Signal

# Sent with plan_ids (plan primary keys) and periods (None: every period) when targets,
# realisations or the plan tree of those plans changed.
plan_cells_changed = Signal()
# Sent with plan_ids when something a plan's pages show changed without changing its cells
# counts (an evidence item linked to or removed from a realisation).
plans_changed = Signal()
# Sent with years when the working-day calendar of those years changed (a holiday).
calendar_changed = Signal()


def announce_plan_cells_changed(*, plan_ids: Iterable[int], periods: Iterable[int] | None = None):
    plan_cells_changed.send(sender=None, plan_ids=list(plan_ids), periods=periods)


def announce_plans_changed(*, plan_ids: Iterable[int]):
    plans_changed.send(sender=None, plan_ids=list(plan_ids))


def announce_calendar_changed(*, years: Iterable[int]):
    calendar_changed.send(sender=None, years=set(years))


reminder_providers: list[Callable] = []


def reminder_providers_add(provider: Callable) -> None:
    if provider not in reminder_providers:
        reminder_providers.append(provider)
