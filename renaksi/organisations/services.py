"""Writes to the unit tree: loading a whole tree (the real KPU tree, or any agency's CSV)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Membership, Unit, User
from renaksi.organisations.regions import UnitRow

MAX_ROWS = 50_000
MAX_FIELD = 200
LEVELS = {choice.value for choice in Unit.Level}
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
HEADERS = {
    "code": ("code", "kode", "kode_unit", "kode unit", "kode_wilayah", "kode wilayah"),
    "name": ("name", "nama", "nama_unit", "nama unit", "satuan kerja"),
    "parent_code": ("parent_code", "parent", "induk", "kode_induk", "kode induk"),
    "level": ("level", "tingkat"),
    "place": ("place", "tempat", "tempat kedudukan", "kedudukan"),
}


class UnitsLoadError(ValueError):
    """The file cannot be loaded; ``problems`` lists each row's reason (line, message)."""

    def __init__(self, message: str, problems: list[tuple[int, str]] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass
class UnitsLoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Units in the database that the file does not list: kept, never deleted.
    kept: list[str] = field(default_factory=list)
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, what)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged)


def _decode(data: bytes, source_name: str) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnitsLoadError(
            _("%(file)s bukan teks UTF-8 (bait ke-%(pos)d).")
            % {"file": source_name, "pos": exc.start}
        ) from exc
    if "\x00" in text:
        raise UnitsLoadError(
            _("%(file)s memuat karakter NUL: bukan berkas CSV.") % {"file": source_name}
        )
    return text


def _dialect(lines: list[str]):
    try:
        return csv.Sniffer().sniff(lines[0] if lines else "", delimiters=",;\t")
    except csv.Error:
        return csv.excel


def _columns(header: list[str], known: dict[str, tuple[str, ...]]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        key = title.strip().lower()
        for name, aliases in known.items():
            if key in aliases and name not in columns:
                columns[name] = index
    return columns


def units_read_csv(data: bytes, *, source_name: str) -> list[UnitRow]:
    """Rows of a tree CSV (code, name, parent code; optional level and place), checked.

    Raises ``UnitsLoadError`` naming the file, the line and the column of every problem.
    """
    text = _decode(data, source_name)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)), _dialect(lines))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnitsLoadError(_("%(file)s kosong.") % {"file": source_name}) from exc
    columns = _columns(header, HEADERS)
    missing = [n for n in ("code", "name", "parent_code") if n not in columns]
    if missing:
        raise UnitsLoadError(
            _("%(file)s: kolom %(cols)s tidak ditemukan di baris judul (yang dibaca: %(header)s).")
            % {"file": source_name, "cols": ", ".join(missing), "header": ", ".join(header)[:300]}
        )
    rows: list[UnitRow] = []
    problems: list[tuple[int, str]] = []
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise UnitsLoadError(
                    _("%(file)s memuat lebih dari %(max)d baris.")
                    % {"file": source_name, "max": MAX_ROWS}
                )

            def cell(name, record=record):
                index = columns.get(name)
                return record[index].strip() if index is not None and index < len(record) else ""

            values = {name: cell(name) for name in HEADERS}
            long = [n for n, v in values.items() if len(v) > MAX_FIELD]
            if long:
                problems.append(
                    (
                        line,
                        _("kolom %(col)s lebih dari %(max)d karakter")
                        % {"col": long[0], "max": MAX_FIELD},
                    )
                )
                continue
            if not values["code"] or not values["name"]:
                problems.append((line, _("kode dan nama wajib diisi")))
                continue
            level = values["level"].lower()
            if level and level not in LEVELS:
                problems.append(
                    (line, _("tingkat '%(level)s' tidak dikenal") % {"level": values["level"]})
                )
                continue
            if not level:
                level = Unit.Level.NATIONAL if not values["parent_code"] else Unit.Level.OTHER
            rows.append(
                UnitRow(
                    values["code"],
                    values["name"],
                    level,
                    values["parent_code"] or None,
                    values["place"],
                    line,
                )
            )
    except csv.Error as exc:
        raise UnitsLoadError(
            _("%(file)s tidak dapat dibaca sebagai CSV di baris %(line)d: %(error)s")
            % {"file": source_name, "line": reader.line_num, "error": exc}
        ) from exc
    if problems:
        raise UnitsLoadError(
            _("%(file)s memuat baris yang ditolak.") % {"file": source_name}, problems
        )
    return rows


def _check_tree(rows: list[UnitRow], known: set[str]) -> list[tuple[int, str]]:
    problems = []
    seen: dict[str, int] = {}
    for row in rows:
        if row.code in seen:
            problems.append(
                (
                    row.line,
                    _("kode %(code)s sudah ada di baris %(other)d")
                    % {"code": row.code, "other": seen[row.code]},
                )
            )
        seen.setdefault(row.code, row.line)
    parents = {row.code: row.parent_code for row in rows}
    for row in rows:
        if row.parent_code and row.parent_code not in parents and row.parent_code not in known:
            problems.append(
                (row.line, _("induk %(parent)s tidak dikenal") % {"parent": row.parent_code})
            )
            continue
        # A cycle in the file: walking up from the row comes back to it.
        code, steps = row.parent_code, 0
        while code is not None and code in parents and steps <= len(parents):
            if code == row.code:
                problems.append(
                    (
                        row.line,
                        _("kode %(code)s menjadi induk dirinya sendiri") % {"code": row.code},
                    )
                )
                break
            code, steps = parents[code], steps + 1
    return problems


def units_load(*, rows: list[UnitRow], actor, source: str) -> UnitsLoadReport:
    """Create and update the listed units, all or nothing; units not listed are kept.

    Idempotent: a second run with the same rows changes nothing. A unit's parent may change (a
    regency moved to a new province); a unit is never deleted, since it may carry plans.
    """
    known = set(Unit.objects.values_list("code", flat=True))
    problems = _check_tree(rows, known)
    if problems:
        raise UnitsLoadError(
            _("Pohon satuan kerja dari %(file)s tidak dimuat.") % {"file": source}, problems
        )
    report = UnitsLoadReport()
    with transaction.atomic(durable=True):
        existing = {u.code: u for u in Unit.objects.select_for_update()}
        # Parents first: the file may list a child before its parent.
        depth = {}
        by_code = {row.code: row for row in rows}

        def level_of(code, guard=0):
            if code not in depth:
                parent = by_code[code].parent_code if code in by_code else None
                depth[code] = (
                    0
                    if parent is None or parent not in by_code or guard > 50
                    else level_of(parent, guard + 1) + 1
                )
            return depth[code]

        for row in sorted(rows, key=lambda r: (level_of(r.code), r.line)):
            parent = existing.get(row.parent_code) if row.parent_code else None
            unit = existing.get(row.code)
            if unit is None:
                unit = Unit.objects.create(
                    code=row.code, name=row.name, level=row.level, parent=parent, place=row.place
                )
                existing[row.code] = unit
                report.created.append(row.code)
                report.lines.append((row.line, row.code, "dibuat"))
                continue
            changes = {}
            for attr, value in (
                ("name", row.name),
                ("level", row.level),
                ("parent_id", parent.pk if parent else None),
            ):
                if getattr(unit, attr) != value:
                    changes[attr] = value
            if row.place and unit.place != row.place:
                changes["place"] = row.place
            if changes:
                for attr, value in changes.items():
                    setattr(unit, attr, value)
                unit.save(
                    update_fields=[
                        a.removesuffix("_id") if a == "parent_id" else a for a in changes
                    ]
                )
                report.updated.append(row.code)
                report.lines.append(
                    (row.line, row.code, "diperbarui: " + ", ".join(sorted(changes)))
                )
            else:
                report.unchanged.append(row.code)
                report.lines.append((row.line, row.code, "tetap"))
        listed = {row.code for row in rows}
        report.kept = sorted(code for code in existing if code not in listed)
        if not (report.created or report.updated):
            return report  # nothing written, nothing to audit (a re-run of seed_demo)
        audit_record(
            actor=actor,
            action="units.load",
            summary=_("Pohon satuan kerja dimuat dari %(source)s") % {"source": source},
            data={
                "source": source,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            },
        )
    return report


# --- people ------------------------------------------------------------------------------------

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
    text = _decode(data, source_name)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)), _dialect(lines))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnitsLoadError(_("%(file)s kosong.") % {"file": source_name}) from exc
    columns = _columns(header, USER_HEADERS)
    missing = [n for n in ("username", "unit", "role") if n not in columns]
    if missing:
        raise UnitsLoadError(
            _("%(file)s: kolom %(cols)s tidak ditemukan di baris judul (yang dibaca: %(header)s).")
            % {"file": source_name, "cols": ", ".join(missing), "header": ", ".join(header)[:300]}
        )
    rows: list[PersonRow] = []
    problems: list[tuple[int, str]] = []
    try:
        for line, record in enumerate(reader, start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                raise UnitsLoadError(
                    _("%(file)s memuat lebih dari %(max)d baris.")
                    % {"file": source_name, "max": MAX_ROWS}
                )
            values = {
                name: (record[i].strip() if i < len(record) else "") for name, i in columns.items()
            }
            values = {name: values.get(name, "") for name in USER_HEADERS}
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
                problems.append(
                    (line, _("peran '%(r)s' tidak dikenal") % {"r": values["role"][:40]})
                )
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
    except csv.Error as exc:
        raise UnitsLoadError(
            _("%(file)s tidak dapat dibaca sebagai CSV di baris %(line)d: %(error)s")
            % {"file": source_name, "line": reader.line_num, "error": exc}
        ) from exc
    if problems:
        raise UnitsLoadError(
            _("%(file)s memuat baris yang ditolak.") % {"file": source_name}, problems
        )
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


# --- memberships, managed by the administrators above ----------------------------------------


class MembershipError(ValueError):
    """A membership change refused, with the reason in Indonesian."""


def membership_add(
    *, unit: Unit, username: str, role: str, actor, full_name: str = "", email: str = ""
):
    """Give a person a role at ``unit``; a new username makes a new account without a password.

    Only an administrator of the unit or of a unit above it (or a superuser) may do it.
    """
    from renaksi.organisations.selectors import unit_can_manage_members

    if not unit_can_manage_members(user=actor, unit=unit):
        raise PermissionError
    username = username.strip()
    if not USERNAME.match(username):
        raise MembershipError(_("Nama pengguna hanya boleh berisi huruf, angka dan . @ + - _"))
    if role not in Membership.Role.values:
        raise MembershipError(_("Peran tidak dikenal."))
    if email and not EMAIL.match(email):
        raise MembershipError(_("Alamat e-mail tidak sah."))
    with transaction.atomic(durable=True):
        user = User.objects.filter(username=username).first()
        created_user = user is None
        if created_user:
            user = User(username=username, full_name=full_name.strip()[:200], email=email.strip())
            user.set_unusable_password()
            user.save()
        membership, created = Membership.objects.get_or_create(user=user, unit=unit, role=role)
        if not created:
            raise MembershipError(
                _("%(user)s sudah memegang peran itu di unit ini.") % {"user": username}
            )
        audit_record(
            actor=actor,
            action="membership.add",
            obj=membership,
            unit=unit,
            summary=_("%(user)s menjadi %(role)s")
            % {"user": username, "role": membership.get_role_display()},
            data={"user": username, "role": role, "new_account": created_user},
        )
    return membership


def membership_remove(*, membership: Membership, actor) -> None:
    from renaksi.organisations.selectors import unit_can_manage_members

    if not unit_can_manage_members(user=actor, unit=membership.unit):
        raise PermissionError
    if (
        membership.user_id == getattr(actor, "pk", None)
        and membership.role == Membership.Role.ADMIN
    ):
        raise MembershipError(_("Anda tidak dapat mencabut peran administrator Anda sendiri."))
    with transaction.atomic(durable=True):
        audit_record(
            actor=actor,
            action="membership.remove",
            obj=membership,
            unit=membership.unit,
            summary=_("Peran %(role)s %(user)s dicabut")
            % {"role": membership.get_role_display(), "user": membership.user.username},
            data={"user": membership.user.username, "role": membership.role},
        )
        membership.delete()
