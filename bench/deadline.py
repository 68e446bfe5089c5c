"""The deadline scenario's people, made inside Django (step ``deadline`` of ``bench.djangoside``).

Bench-only accounts with real roles, so every write is authorised like in production: per
regency a PIC (Tim Pelaksana member and PIC of a share of the plan's indicators), a Tim Asesor
member and a Sekretaris; Ketua members of provinces and of KPU RI for the roll-ups. Each account
gets a session of the real session engine through ``django.contrib.auth.login`` (the sign-in
signals run as at a real sign-in), and its cookie goes to locust: no password hashing while the
load is measured. The accounts have no usable password.
"""

from __future__ import annotations

import time
from importlib import import_module

# The share of each role among the simulated users (bench/README.md, "Deadline scenario").
SHARES = {"pic": 60, "asesor": 15, "sekretaris": 15, "pimpinan": 10}
ROLES = {"pic": "pelaksana", "asesor": "asesor", "sekretaris": "sekretaris", "pimpinan": "ketua"}
# Indicators per PIC at most: a person answers for a handful, not for a whole plan.
PIC_INDICATORS = 24


def role_counts(users: int) -> dict[str, int]:
    """``users`` split by SHARES (largest remainder), every role at least once from 4 users."""
    total = sum(SHARES.values())
    exact = {role: users * share / total for role, share in SHARES.items()}
    counts = {role: int(value) for role, value in exact.items()}
    if users >= len(SHARES):
        for role in counts:
            counts[role] = max(1, counts[role])
    spare = users - sum(counts.values())
    by_remainder = sorted(SHARES, key=lambda r: exact[r] - int(exact[r]), reverse=True)
    for role in by_remainder:
        if spare <= 0:
            break
        counts[role] += 1
        spare -= 1
    while spare < 0:  # the minimum of one each overshot: take from the largest
        largest = max(counts, key=lambda r: counts[r])
        counts[largest] -= 1
        spare += 1
    return counts


def _session_cookies(user) -> dict[str, str]:
    """A signed-in session for ``user`` in the configured session engine."""
    from django.conf import settings
    from django.contrib.auth import login
    from django.http import HttpRequest

    request = HttpRequest()
    request.META.update({"REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "127.0.0.1"})
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return {settings.SESSION_COOKIE_NAME: request.session.session_key}


def _account(username: str, unit, role: str):
    from renaksi.organisations.models import Membership, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=username.replace("-", " ").title())
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def prepare_deadline(args) -> dict:
    """Accounts, PIC assignments and sessions for ``args.users`` simulated users."""
    from renaksi.organisations.models import Unit
    from renaksi.plans.models import Indicator, Plan
    from renaksi.plans.stamps import plan_stamp_bump

    started = time.perf_counter()
    counts = role_counts(args.users)
    plans = dict(Plan.objects.filter(year=args.year, kind="general").values_list("unit_id", "pk"))
    regencies = list(
        Unit.objects.filter(level=Unit.Level.REGENCY, pk__in=plans).order_by("code")
    ) or list(Unit.objects.filter(code="RI"))
    national = Unit.objects.get(code="RI")
    provinces = list(Unit.objects.filter(level=Unit.Level.PROVINCE).order_by("code"))

    def regency(i: int):
        return regencies[i % len(regencies)]

    accounts: dict[str, list[dict]] = {role: [] for role in SHARES}
    # PICs: those of one regency share its plan's indicators, disjoint, PIC_INDICATORS at most.
    pics_of: dict[int, list] = {}
    for i in range(counts["pic"]):
        unit = regency(i)
        pics_of.setdefault(unit.pk, []).append(_account(f"bench-pic-{i}", unit, ROLES["pic"]))
    for unit_pk, pics in pics_of.items():
        indicators = list(
            Indicator.objects.filter(activity__area__plan_id=plans[unit_pk], targets__isnull=False)
            .distinct()
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        share = min(PIC_INDICATORS, max(1, len(indicators) // len(pics)))
        for k, pic in enumerate(pics):
            mine = indicators[k * share : (k + 1) * share]
            Indicator.objects.filter(pk__in=mine).update(pic=pic)
            accounts["pic"].append(
                {"user": pic.username, "plan": plans[unit_pk], "indicators": len(mine)}
            )
    # The assigned PICs show on the plan's pages: a new change stamp, as a write service gives.
    plan_stamp_bump(plan_ids=[plans[pk] for pk in pics_of])
    # Assessors: when two share a unit, each takes every m-th cell of the queue (no two judge
    # the same cell at once, which would be a version conflict, not load).
    per_unit: dict[int, int] = {}
    for i in range(counts["asesor"]):
        unit = regency(i)
        user = _account(f"bench-asesor-{i}", unit, ROLES["asesor"])
        slot = per_unit.get(unit.pk, 0)
        per_unit[unit.pk] = slot + 1
        accounts["asesor"].append({"user": user.username, "unit": unit.pk, "slot": slot})
    for entry in accounts["asesor"]:
        entry["slots"] = per_unit[entry["unit"]]
    for i in range(counts["sekretaris"]):
        unit = regency(i)
        user = _account(f"bench-sekretaris-{i}", unit, ROLES["sekretaris"])
        accounts["sekretaris"].append({"user": user.username, "plan": plans[unit.pk]})
    # Pimpinan: every other one national, the others a province each in turn.
    for i in range(counts["pimpinan"]):
        unit = provinces[(i // 2) % len(provinces)] if provinces and i % 2 else national
        user = _account(f"bench-pimpinan-{i}", unit, ROLES["pimpinan"])
        accounts["pimpinan"].append({"user": user.username, "unit": unit.pk})

    from renaksi.organisations.models import User

    users = {u.username: u for u in User.objects.filter(username__startswith="bench-")}
    for entries in accounts.values():
        for entry in entries:
            entry["cookies"] = _session_cookies(users[entry["user"]])
    return {
        "counts": counts,
        "shares": SHARES,
        "accounts": accounts,
        "seconds": round(time.perf_counter() - started, 2),
    }
