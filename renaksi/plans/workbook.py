"""The working XLSX: every field of a plan in one row per item, the decree on a second sheet.

Beside the official lampiran (which keeps its printed layout), this is the workbook an office
keeps over the year: export, edit, import, and the plan comes back exactly (numbers of area,
kegiatan and sub kegiatan, indicator, satuan, targets per period with their meaning, PIC, second
PIC, budget, KET, evidence links, Road Map area, granularity and the decree).

Sheet "Rencana": row 1 names the format and the granularity, row 2 the columns, then one row per
item whose ``tingkat`` is ``area``, ``kegiatan``, ``sub``, ``subsub`` (a lettered child) or
``indikator``; each belongs to the nearest item above it. A period cell holds √ (planned) or the
period's target. Sheet "Keputusan": one row per decree field.
"""

from __future__ import annotations

import datetime
import io
from decimal import Decimal, InvalidOperation
from typing import cast

from django.utils.translation import gettext as _

from renaksi.plans.interchange import DECREE_DATE_FIELDS, DECREE_TEXT_FIELDS
from renaksi.plans.parsed import (
    Granularity,
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)

MARKER = "renaksi-plan-xlsx"
VERSION = 1
PLAN_SHEET = "Rencana"
DECREE_SHEET = "Keputusan"
COLUMNS = [
    "tingkat",
    "nomor",
    "uraian",
    "area_roadmap",
    "target",
    "satuan",
    "jenis_target",
    "skala_target",
    "pic",
    "pic2",
    "anggaran",
    "keterangan",
    "tautan_bukti",
]
LEVELS = ("area", "kegiatan", "sub", "subsub", "indikator")
MAX_ROWS = 20_000
MAX_CELL = 5_000


class WorkbookError(ValueError):
    """The working XLSX cannot be read; the message names the sheet, row and column."""


# --- writing -------------------------------------------------------------------------------


def _number_or_text(value: Decimal | None):
    """A float when it comes back exactly, otherwise the exact decimal as text."""
    if value is None:
        return None
    value = value.normalize()
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else format(value, "f")


def plan_to_xlsx(parsed: ParsedPlan) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = book.add_format({"bold": True, "bg_color": "#E7E6E6", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    periods = 4 if parsed.granularity == "quarter" else 12
    sheet = book.add_worksheet(PLAN_SHEET)
    sheet.write_string(0, 0, MARKER)
    sheet.write_number(0, 1, VERSION)
    sheet.write_string(0, 2, parsed.granularity)
    heads = COLUMNS + [f"P{p}" for p in range(1, periods + 1)]
    for col, head in enumerate(heads):
        sheet.write_string(1, col, head, bold)
    sheet.set_column(0, 1, 9)
    sheet.set_column(2, 2, 60, wrap)
    sheet.set_column(3, len(heads), 12)
    sheet.freeze_panes(2, 3)
    row = 2

    def put(values: dict, period_values: dict | None = None):
        nonlocal row
        for col, name in enumerate(COLUMNS):
            value = values.get(name)
            if value is None or value == "":
                continue
            if isinstance(value, float | int) and not isinstance(value, bool):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, str(value))
        for period, value in (period_values or {}).items():
            col = len(COLUMNS) + period - 1
            if value is None:
                sheet.write_string(row, col, "√")
            elif isinstance(value, float):
                sheet.write_number(row, col, value)
            else:
                sheet.write_string(row, col, value)
        row += 1

    def indicator(ind: ParsedIndicator):
        put(
            {
                "tingkat": "indikator",
                "nomor": ind.number,
                "uraian": ind.text,
                "target": _number_or_text(ind.target),
                "satuan": ind.unit,
                "jenis_target": ind.target_kind,
                "skala_target": ind.target_scale,
                "pic": ind.pic,
                "pic2": ind.pic2,
                "anggaran": _number_or_text(ind.budget),
                "keterangan": ind.note,
                "tautan_bukti": "\n".join(ind.evidence),
            },
            {p: _number_or_text(ind.period_targets.get(p)) for p in ind.periods},
        )

    def sub(node: ParsedSubActivity, level: str):
        put({"tingkat": level, "nomor": node.number, "uraian": node.name})
        for ind in node.indicators:
            indicator(ind)
        for child in node.sub_activities:
            sub(child, "subsub")

    for area in parsed.areas:
        put(
            {
                "tingkat": "area",
                "nomor": area.number,
                "uraian": area.name,
                "area_roadmap": area.reform_area,
            }
        )
        for act in area.activities:
            put({"tingkat": "kegiatan", "nomor": act.number, "uraian": act.name})
            for ind in act.indicators:
                indicator(ind)
            for node in act.sub_activities:
                sub(node, "sub")

    decree_sheet = book.add_worksheet(DECREE_SHEET)
    decree_sheet.write_string(0, 0, "kolom", bold)
    decree_sheet.write_string(0, 1, "isi", bold)
    decree_sheet.set_column(0, 0, 18)
    decree_sheet.set_column(1, 1, 100, wrap)
    for i, name in enumerate((*DECREE_TEXT_FIELDS, *DECREE_DATE_FIELDS), 1):
        value = getattr(parsed.decree, name)
        decree_sheet.write_string(i, 0, name)
        if isinstance(value, datetime.date):
            value = value.isoformat()
        if value:
            decree_sheet.write_string(i, 1, value)
    book.close()
    return buffer.getvalue()


# --- reading -------------------------------------------------------------------------------


def is_working_xlsx(data: bytes) -> bool:
    """Told by the marker in A1 of the first sheet, read straight from the sheet XML."""
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "xl/worksheets/sheet1.xml" not in names or "xl/workbook.xml" not in names:
            return False
        if archive.getinfo("xl/workbook.xml").file_size > 1_000_000:
            return False
        workbook = archive.read("xl/workbook.xml")
        if f'name="{DECREE_SHEET}"'.encode() not in workbook:
            return False
        if "xl/sharedStrings.xml" in names:
            info = archive.getinfo("xl/sharedStrings.xml")
            with archive.open(info) as fh:
                head = fh.read(4096)
            return MARKER.encode() in head
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False
    return False


def _text(value, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        value = format(Decimal(repr(value)).normalize(), "f")
    text = str(value).replace("\x00", "")
    if len(text) > MAX_CELL:
        raise WorkbookError(
            _("%(where)s terlalu panjang (%(length)s karakter; paling banyak %(limit)s).")
            % {"where": where, "length": len(text), "limit": MAX_CELL}
        )
    return text


def _decimal(value, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation:
        raise WorkbookError(_("%(where)s bukan angka.") % {"where": where}) from None
    if not number.is_finite() or number.copy_abs() >= Decimal(10) ** 14:
        raise WorkbookError(_("%(where)s: angka di luar rentang.") % {"where": where})
    return number.normalize() if number != number.to_integral_value() else number.quantize(1)


def xlsx_to_plan(data: bytes) -> ParsedPlan:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken workbook
        raise WorkbookError(_("Buku kerja tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    try:
        return _read(book)
    except WorkbookError:
        raise
    except Exception as exc:  # read-only sheets parse lazily: a broken row surfaces here
        raise WorkbookError(_("Buku kerja tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
    finally:
        book.close()


def _read(book) -> ParsedPlan:
    if PLAN_SHEET not in book.sheetnames or DECREE_SHEET not in book.sheetnames:
        raise WorkbookError(_("Lembar “Rencana” atau “Keputusan” tidak ada."))
    rows = book[PLAN_SHEET].iter_rows(values_only=True, max_col=len(COLUMNS) + 12)
    first: tuple = next(rows, ())
    granularity = first[2] if len(first) > 2 else "month"
    if granularity not in ("month", "quarter"):
        raise WorkbookError(_("Rencana!C1: periode harus “month” atau “quarter”."))
    max_period = 4 if granularity == "quarter" else 12
    heads = [str(v or "") for v in next(rows, ())]
    if heads[: len(COLUMNS)] != COLUMNS:
        raise WorkbookError(_("Rencana baris 2: judul kolom tidak sesuai format kerja Renaksi."))
    plan = ParsedPlan(granularity=cast(Granularity, granularity))  # checked above
    area: ParsedArea | None = None
    activity: ParsedActivity | None = None
    top: ParsedSubActivity | None = None
    current: ParsedActivity | ParsedSubActivity | None = None
    for r, values in enumerate(rows, 3):
        if r > MAX_ROWS:
            raise WorkbookError(_("Terlalu banyak baris (paling banyak %(n)s).") % {"n": MAX_ROWS})
        values = list(values) + [None] * (len(COLUMNS) + max_period - len(values))
        if all(v in (None, "") for v in values):
            continue
        cell = {name: values[i] for i, name in enumerate(COLUMNS)}

        def where(name, r=r):
            col = COLUMNS.index(name)
            return _("Rencana!%(col)s%(row)s (%(name)s)") % {
                "col": chr(65 + col),
                "row": r,
                "name": name,
            }

        level = _text(cell["tingkat"], where("tingkat")).strip()
        number = _text(cell["nomor"], where("nomor"))
        name = _text(cell["uraian"], where("uraian"))
        if level not in LEVELS:
            raise WorkbookError(
                _("%(where)s: tingkat harus salah satu dari %(levels)s.")
                % {"where": where("tingkat"), "levels": ", ".join(LEVELS)}
            )
        parent_missing = WorkbookError(
            _("%(where)s: baris ini tidak punya induk di atasnya.") % {"where": where("tingkat")}
        )
        if level == "area":
            reform = cell["area_roadmap"]
            reform = (
                int(cast(Decimal, _decimal(reform, where("area_roadmap"))))
                if reform not in (None, "")
                else None
            )
            if reform is not None and not 1 <= reform <= 8:
                raise WorkbookError(_("%(where)s: harus 1–8.") % {"where": where("area_roadmap")})
            area = ParsedArea(number=number, name=name, reform_area=reform, line=r)
            plan.areas.append(area)
            activity = top = current = None
        elif level == "kegiatan":
            if area is None:
                raise parent_missing
            activity = ParsedActivity(number=number, name=name, line=r)
            area.activities.append(activity)
            top = None
            current = activity
        elif level in ("sub", "subsub"):
            node = ParsedSubActivity(number=number, name=name, line=r)
            if level == "sub":
                if activity is None:
                    raise parent_missing
                activity.sub_activities.append(node)
                top = node
            else:
                if top is None:
                    raise parent_missing
                top.sub_activities.append(node)
            current = node
        else:
            if current is None:
                raise parent_missing
            periods: list[int] = []
            period_targets: dict[int, Decimal] = {}
            for p in range(1, 13):
                raw = values[len(COLUMNS) + p - 1] if len(COLUMNS) + p - 1 < len(values) else None
                if raw in (None, ""):
                    continue
                label = _("Rencana baris %(row)s, periode %(p)s") % {"row": r, "p": p}
                if p > max_period:
                    raise WorkbookError(_("%(where)s: di luar rentang.") % {"where": label})
                periods.append(p)
                if not (isinstance(raw, str) and raw.strip() in ("√", "v", "V", "✓")):
                    period_targets[p] = cast(Decimal, _decimal(raw, label))  # raw is filled
            evidence = _text(cell["tautan_bukti"], where("tautan_bukti"))
            ind = ParsedIndicator(
                number=number,
                text=name,
                periods=periods,
                note=_text(cell["keterangan"], where("keterangan")),
                target=_decimal(cell["target"], where("target")),
                unit=_text(cell["satuan"], where("satuan")),
                pic=_text(cell["pic"], where("pic")),
                pic2=_text(cell["pic2"], where("pic2")),
                budget=_decimal(cell["anggaran"], where("anggaran")),
                evidence=[u for u in evidence.split("\n") if u.strip()],
                target_kind=_text(cell["jenis_target"], where("jenis_target")).strip(),
                target_scale=_text(cell["skala_target"], where("skala_target")).strip(),
                period_targets=period_targets,
                line=r,
            )
            current.indicators.append(ind)
    plan.decree = _read_decree(book[DECREE_SHEET])
    return plan


def _read_decree(sheet) -> ParsedDecree:
    decree = ParsedDecree()
    for r, values in enumerate(sheet.iter_rows(values_only=True, max_col=2), 1):
        if r == 1 or not values or values[0] in (None, ""):
            continue
        if r > 100:
            break
        name = str(values[0]).strip()
        value = values[1] if len(values) > 1 else None
        where = _("Keputusan!B%(row)s (%(name)s)") % {"row": r, "name": name}
        if name in DECREE_TEXT_FIELDS:
            setattr(decree, name, _text(value, where))
        elif name in DECREE_DATE_FIELDS and value not in (None, ""):
            if isinstance(value, datetime.datetime):
                value = value.date()
            if not isinstance(value, datetime.date):
                try:
                    value = datetime.date.fromisoformat(str(value).strip())
                except ValueError:
                    raise WorkbookError(
                        _("%(where)s: tanggal harus berformat TTTT-BB-HH.") % {"where": where}
                    ) from None
            setattr(decree, name, value)
    return decree
