"""Loading a whole unit tree (the real KPU tree, or any agency's CSV), all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.organisations.models import Unit
from renaksi.organisations.regions import UnitRow
from renaksi.organisations.services.csv_files import (
    MAX_FIELD,
    UnitsLoadError,
    csv_records,
    problems_raise,
)

LEVELS = {choice.value for choice in Unit.Level}
HEADERS = {
    "code": ("code", "kode", "kode_unit", "kode unit", "kode_wilayah", "kode wilayah"),
    "name": ("name", "nama", "nama_unit", "nama unit", "satuan kerja"),
    "parent_code": ("parent_code", "parent", "induk", "kode_induk", "kode induk"),
    "level": ("level", "tingkat"),
    "place": ("place", "tempat", "tempat kedudukan", "kedudukan"),
}


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


def units_read_csv(data: bytes, *, source_name: str) -> list[UnitRow]:
    """Rows of a tree CSV (code, name, parent code; optional level and place), checked.

    Raises ``UnitsLoadError`` naming the file, the line and the column of every problem.
    """
    rows: list[UnitRow] = []
    problems: list[tuple[int, str]] = []
    for line, values in csv_records(
        data, source_name=source_name, headers=HEADERS, required=("code", "name", "parent_code")
    ):
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
    problems_raise(problems, source_name=source_name)
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
