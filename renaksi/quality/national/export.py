"""A plan in the national portal's rencana aksi model (Portal RB, quarterly), as JSON or XLSX.

One row per output (indicator), with its rencana aksi (kegiatan), area and sub kegiatan. A row
with no indicator carries a kegiatan or sub kegiatan that has none, so the structure survives.
Monthly schedules become quarters: a quarter is planned when any of its months is; its target
is the sum of the months' numeric targets, or the number of planned months when none has a
number; its realisation is the share of its planned months verified done (percent).
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

from renaksi.organisations.models import Membership
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_to_parsed
from renaksi.quality.facts import HUNDRED, plan_facts
from renaksi.quality.grading import kegiatan_utama_matches
from renaksi.quality.selectors import criteria_set_for_year

FORMAT = "renaksi-rb-nasional"
VERSION = 1
SHEET = "Rencana Aksi"
DECREE_SHEET = "Keputusan"
TW = (1, 2, 3, 4)

COLUMNS = [
    "area_nomor",
    "area_perubahan",
    "area_nasional",
    "kegiatan_utama",
    "rencana_aksi_nomor",
    "rencana_aksi",
    "sub_kegiatan_induk_nomor",
    "sub_kegiatan_induk",
    "sub_kegiatan_nomor",
    "sub_kegiatan",
    "indikator_nomor",
    "indikator_output",
    "satuan_output",
    "baseline",
    *(f"target_tw{q}" for q in TW),
    "target_total",
    *(f"anggaran_tw{q}" for q in TW),
    "anggaran_total",
    "pelaksana",
    "koordinator",
    *(f"realisasi_output_tw{q}" for q in TW),
    "realisasi_output_total",
    *(f"realisasi_anggaran_tw{q}" for q in TW),
    "realisasi_anggaran_total",
    "keterangan",
]
REALISATION_COLUMNS = [c for c in COLUMNS if c.startswith("realisasi_")]
NUMERIC_COLUMNS = frozenset(
    c
    for c in COLUMNS
    if c.startswith(("target_", "anggaran_", "realisasi_")) or c in ("baseline", "area_nasional")
)


def number_out(value):
    if value is None:
        return None
    value = Decimal(value).normalize()
    if value == value.to_integral_value():
        return int(value)
    return str(value)


def quarter_of(plan: Plan, period: int) -> int:
    return period if plan.period_count == 4 else (period - 1) // 3 + 1


def _quarters(plan: Plan, ind) -> tuple[dict, dict]:
    """TW → target, TW → verified share, for the quarters with something planned."""
    planned: dict[int, list] = {}
    for period, value in ind.periods.items():
        planned.setdefault(quarter_of(plan, period), []).append((period, value))
    targets, realised = {}, {}
    for q, items in planned.items():
        values = [v for _p, v in items if v is not None]
        targets[q] = sum(values, Decimal(0)) if values else Decimal(len(items))
        done = sum(1 for p, _v in items if p in ind.verified)
        realised[q] = (HUNDRED * done / len(items)).quantize(Decimal("0.01"))
    return targets, realised


def _coordinator(plan: Plan) -> str:
    member = (
        Membership.objects.filter(unit_id=plan.unit_id, role=Membership.Role.SEKRETARIS)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user.display_name if member else ""


def national_rows(*, plan: Plan, realisations: bool = True) -> list[dict]:
    facts = plan_facts(plan=plan)
    criteria_set = criteria_set_for_year(plan.year)
    codes: dict[int, list[str]] = {}
    if criteria_set is not None:
        for code, acts in kegiatan_utama_matches(
            facts, list(criteria_set.kegiatan_utama.all())
        ).items():
            for act in acts:
                codes.setdefault(act.obj.pk, []).append(code)
    coordinator = _coordinator(plan)
    subs_by_id = {s.pk: s for act in facts.activities for s in act.subs}
    rows: list[dict] = []

    def base(area, act=None, sub=None) -> dict:
        row = dict.fromkeys(COLUMNS)
        row.update(
            area_nomor=area.number,
            area_perubahan=area.name,
            area_nasional=area.reform_area.number if area.reform_area_id else None,
        )
        if act is not None:
            row.update(
                kegiatan_utama=", ".join(codes.get(act.pk, [])),
                rencana_aksi_nomor=act.number,
                rencana_aksi=act.name,
            )
        if sub is not None:
            parent = subs_by_id.get(sub.parent_id) if sub.parent_id else None
            if parent is not None:
                row.update(sub_kegiatan_induk_nomor=parent.number, sub_kegiatan_induk=parent.name)
            row.update(sub_kegiatan_nomor=sub.number, sub_kegiatan=sub.name)
        return row

    def indicator_row(ind) -> dict:
        row = base(ind.area, ind.activity, ind.sub)
        targets, realised = _quarters(plan, ind)
        budget = getattr(ind.obj, "budget", None)
        row.update(
            indikator_nomor=ind.obj.number,
            indikator_output=ind.obj.text,
            satuan_output=ind.obj.target_unit,
            baseline=number_out(ind.obj.baseline),
            target_total=number_out(ind.obj.target_value),
            anggaran_total=number_out(budget),
            pelaksana=ind.obj.pic.username if ind.obj.pic else ind.obj.pic_name,
            koordinator=coordinator,
            keterangan=ind.obj.note,
        )
        for q in TW:
            row[f"target_tw{q}"] = number_out(targets.get(q))
            if realisations:
                row[f"realisasi_output_tw{q}"] = number_out(realised.get(q))
        if realisations:
            row["realisasi_output_total"] = number_out(ind.realisation)
        return row

    by_act = {a.obj.pk: a for a in facts.activities}
    # Source order: an activity's own indicators, then each sub kegiatan and its children.
    areas_with_acts = {a.area.pk for a in facts.activities}
    for area in facts.areas:
        if area.pk not in areas_with_acts:
            rows.append(base(area))
            continue
        for act in (a for a in facts.activities if a.area.pk == area.pk):
            entry = by_act[act.obj.pk]
            direct = [i for i in entry.indicators if i.sub is None]
            rows.extend(indicator_row(i) for i in direct)
            tops = [s for s in entry.subs if s.parent_id is None]
            if not direct and not tops:
                rows.append(base(area, act.obj))
            for top in tops:
                for sub in [top, *(s for s in entry.subs if s.parent_id == top.pk)]:
                    inds = [i for i in entry.indicators if i.sub is not None and i.sub.pk == sub.pk]
                    if inds:
                        rows.extend(indicator_row(i) for i in inds)
                    else:
                        rows.append(base(area, act.obj, sub))
    return rows


def _decree(plan: Plan) -> dict:
    decree = plan_to_parsed(plan=plan).decree if plan.decree else None
    if decree is None:
        return {}
    out = {}
    for name, value in vars(decree).items():
        out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def national_data(*, plan: Plan, realisations: bool = True) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "instansi": {"kode": plan.unit.code, "nama": plan.unit.name},
        "tahun": plan.year,
        "jenis": plan.kind,
        "tema": plan.theme,
        "fokus_intervensi": plan.focus,
        "periode": "triwulan",
        "keputusan": _decree(plan),
        "rencana_aksi": national_rows(plan=plan, realisations=realisations),
    }


def national_json_bytes(*, plan: Plan, realisations: bool = True) -> bytes:
    data = national_data(plan=plan, realisations=realisations)
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def national_xlsx_bytes(*, plan: Plan, realisations: bool = True) -> bytes:
    import xlsxwriter

    data = national_data(plan=plan, realisations=realisations)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(SHEET)
    for col, name in enumerate(COLUMNS):
        sheet.write_string(0, col, name, bold)
    for r, row in enumerate(data["rencana_aksi"], 1):
        for col, name in enumerate(COLUMNS):
            value = row.get(name)
            if value is None or value == "":
                continue
            if name in NUMERIC_COLUMNS:
                sheet.write_number(r, col, float(Decimal(str(value))))
            else:
                # Plain text, never a formula (a cell may start with = + - @).
                sheet.write_string(r, col, str(value))
    meta = book.add_worksheet(DECREE_SHEET)
    header = {
        "format": FORMAT,
        "version": VERSION,
        "instansi_kode": plan.unit.code,
        "instansi_nama": plan.unit.name,
        "tahun": plan.year,
        "jenis": plan.kind,
        "tema": plan.theme,
        "fokus_intervensi": plan.focus,
        **{f"keputusan.{k}": v for k, v in data["keputusan"].items()},
    }
    for r, (key, value) in enumerate(header.items()):
        meta.write_string(r, 0, key)
        meta.write_string(r, 1, "" if value is None else str(value))
    book.close()
    return out.getvalue()
