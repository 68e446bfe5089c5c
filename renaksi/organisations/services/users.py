"""Importing people and their roles from a CSV, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Membership, Unit, User
from renaksi.organisations.services.csv_files import (
    MAX_FIELD,
    UnitsLoadError,
    csv_records,
    problems_raise,
)

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")

USER_HEADERS = {
    "username": ("username", "nama_pengguna", "nama pengguna", "akun", "user"),
    "name": ("name", "nama", "nama_lengkap", "nama lengkap", "full_name"),
    "email": ("email", "e-mail", "surel", "surat elektronik"),
    "nip": ("nip",),
    "unit": ("unit", "unit_code", "kode_unit", "kode unit", "satuan kerja", "satker", "kode"),
    "role": ("role", "peran", "jabatan_tim", "tim"),
}
ROLE_WORDS = {
    **{choice.value: choice.value for choice in Membership.Role},
    **{str(choice.label).lower(): choice.value for choice in Membership.Role},
    "pengarah": Membership.Role.PENGARAH,
    "agen": Membership.Role.AGEN_PERUBAHAN,
    "agen perubahan": Membership.Role.AGEN_PERUBAHAN,
    "administrator": Membership.Role.ADMIN,
    "pembaca": Membership.Role.VIEWER,
}
USERNAME = re.compile(r"^[\w.@+-]{1,150}$")


@dataclass(frozen=True)
class PersonRow:
    line: int
    username: str
    name: str
    email: str
    nip: str
    unit: str
    role: str


@dataclass
class UsersImportReport:
    users_created: list[str] = field(default_factory=list)
    users_updated: list[str] = field(default_factory=list)
    memberships_created: int = 0
    memberships_kept: int = 0
    lines: list[tuple[int, str]] = field(default_factory=list)


def users_read_csv(data: bytes, *, source_name: str) -> list[PersonRow]:
    """People of a CSV (username, name, e-mail, NIP, unit code, role), every row checked."""
    rows: list[PersonRow] = []
    problems: list[tuple[int, str]] = []
    for line, values in csv_records(
        data, source_name=source_name, headers=USER_HEADERS, required=("username", "unit", "role")
    ):
        long = [n for n, v in values.items() if len(v) > MAX_FIELD]
        if long:
            problems.append((line, _("kolom %(col)s terlalu panjang") % {"col": long[0]}))
            continue
        if not USERNAME.match(values["username"]):
            problems.append(
                (line, _("nama pengguna '%(u)s' tidak sah") % {"u": values["username"][:40]})
            )
            continue
        role = ROLE_WORDS.get(values["role"].lower())
        if role is None:
            problems.append((line, _("peran '%(r)s' tidak dikenal") % {"r": values["role"][:40]}))
            continue
        if values["email"] and not EMAIL.match(values["email"]):
            problems.append(
                (line, _("alamat e-mail '%(e)s' tidak sah") % {"e": values["email"][:60]})
            )
            continue
        if values["nip"] and not values["nip"].replace(" ", "").isdigit():
            problems.append((line, _("NIP hanya berisi angka")))
            continue
        rows.append(PersonRow(line, **{**values, "role": role}))
    problems_raise(problems, source_name=source_name)
    return rows


def users_import(*, rows: list[PersonRow], actor, source: str) -> UsersImportReport:
    """Create or update the people and their memberships, all or nothing.

    A new account has no usable password: the person sets one through *Lupa kata sandi*. An
    existing account keeps its password; its name, e-mail and NIP are updated when given.
    """
    units = {u.code: u for u in Unit.objects.filter(code__in={r.unit for r in rows})}
    problems = [
        (r.line, _("satuan kerja %(code)s tidak dikenal") % {"code": r.unit})
        for r in rows
        if r.unit not in units
    ]
    emails: dict[str, tuple[int, str]] = {}
    for r in rows:
        if r.email:
            key = r.email.lower()
            if key in emails and emails[key][1] != r.username:
                problems.append(
                    (
                        r.line,
                        _("e-mail %(e)s juga dipakai di baris %(o)d")
                        % {"e": r.email, "o": emails[key][0]},
                    )
                )
            emails.setdefault(key, (r.line, r.username))
    if problems:
        raise UnitsLoadError(
            _("Pengguna dari %(file)s tidak diimpor.") % {"file": source}, problems
        )
    report = UsersImportReport()
    with transaction.atomic(durable=True):
        existing = {
            u.username: u for u in User.objects.filter(username__in={r.username for r in rows})
        }
        for r in rows:
            user = existing.get(r.username)
            if user is None:
                user = User(username=r.username, full_name=r.name, email=r.email, nip=r.nip)
                user.set_unusable_password()
                user.save()
                existing[r.username] = user
                report.users_created.append(r.username)
                report.lines.append((r.line, f"{r.username}: akun dibuat"))
            else:
                changed = [
                    attr
                    for attr, value in (("full_name", r.name), ("email", r.email), ("nip", r.nip))
                    if value and getattr(user, attr) != value
                ]
                for attr in changed:
                    setattr(user, attr, {"full_name": r.name, "email": r.email, "nip": r.nip}[attr])
                if changed:
                    user.save(update_fields=changed)
                    if r.username not in report.users_updated:
                        report.users_updated.append(r.username)
            _membership, created = Membership.objects.get_or_create(
                user=user, unit=units[r.unit], role=r.role
            )
            if created:
                report.memberships_created += 1
                report.lines.append((r.line, f"{r.username}: {r.role} di {r.unit}"))
            else:
                report.memberships_kept += 1
        audit_record(
            actor=actor,
            action="users.import",
            summary=_("Pengguna diimpor dari %(source)s") % {"source": source},
            data={
                "source": source,
                "users_created": len(report.users_created),
                "users_updated": len(report.users_updated),
                "memberships_created": report.memberships_created,
            },
        )
    return report
