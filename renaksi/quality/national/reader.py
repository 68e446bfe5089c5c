"""Read the national-format layout (``export.py``) back into a quarterly ``ParsedPlan``.

The plan importer calls ``national_parse`` first (``plans.services.plan_parse_file``); it answers
None for any other file. Realisations, baseline, budget and koordinator are not imported (the
plan importer never writes realisations; baseline and budget are set on screen).
"""

from __future__ import annotations

import datetime
import io
import json
import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)
from renaksi.quality.national.export import COLUMNS, DECREE_SHEET, FORMAT, SHEET, TW

MAX_ROWS = 20_000
_FORMAT_KEY = re.compile(rb'"format"\s*:\s*"' + re.escape(FORMAT.encode()) + rb'"')


class NationalFormatError(ValueError):
    """The file is in the national layout but cannot be read; the message says where."""


MAX_UNZIPPED = 40 * 1024 * 1024
MAX_MEMBERS = 200


def _is_xlsx(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "xl/workbook.xml" in zf.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def _names_our_sheets(data: bytes) -> bool:
    """Cheap and bounded: the workbook lists our two sheets, and the archive is not a bomb."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_MEMBERS or sum(i.file_size for i in infos) > MAX_UNZIPPED:
                return False
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 1024 * 1024:
                return False
            workbook = zf.read(info)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, RuntimeError):
        return False
    return f'name="{SHEET}"'.encode() in workbook and f'name="{DECREE_SHEET}"'.encode() in workbook


def _xlsx_sheets(data: bytes):
    if not _names_our_sheets(data):
        return None
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any broken workbook is "not ours" to the dispatcher
        return None
    if SHEET not in book.sheetnames:
        return None
    sheet = book[SHEET]
    rows = sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)
    header = next(rows, None)
    if header is None or "indikator_output" not in header or "target_tw1" not in header:
        return None
    return book, header, rows


def national_detect(*, filename: str, data: bytes) -> bool:
    if _is_xlsx(data):
        return _xlsx_sheets(data) is not None
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return False
    return _FORMAT_KEY.search(head) is not None


def _decimal(value, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise NationalFormatError(
            _("%(where)s: “%(value)s” bukan angka.") % {"where": where, "value": str(value)[:40]}
        ) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        raise NationalFormatError(_("%(where)s: angka di luar batas.") % {"where": where})
    return number.normalize()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, where: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise NationalFormatError(
            _("%(where)s: tanggal “%(value)s” tidak valid.")
            % {"where": where, "value": str(value)[:20]}
        ) from None


def _decree(values: dict) -> ParsedDecree:
    decree = ParsedDecree()
    for name in ParsedDecree.__dataclass_fields__:
        value = values.get(name)
        if name in ("date_set", "valid_from", "valid_until"):
            setattr(decree, name, _date(value, _("Keputusan: %(f)s") % {"f": name}))
        else:
            setattr(decree, name, _text(value))
    return decree


def rows_to_parsed(rows: list[dict], decree: ParsedDecree) -> ParsedPlan:
    """Rebuild area → rencana aksi → sub kegiatan (→ child) → indicator from consecutive rows."""
    parsed = ParsedPlan(decree=decree, granularity="quarter")
    area = act = top = sub = None
    for n, row in enumerate(rows, 2):
        where = _("Baris %(n)s") % {"n": n}
        area_key = (_text(row.get("area_nomor")), _text(row.get("area_perubahan")))
        if not area_key[1]:
            raise NationalFormatError(_("%(where)s: area perubahan kosong.") % {"where": where})
        if area is None or (area.number, area.name) != area_key:
            reform = _decimal(row.get("area_nasional"), where)
            area = ParsedArea(
                number=area_key[0],
                name=area_key[1],
                reform_area=int(reform) if reform is not None and 1 <= reform <= 8 else None,
                line=n,
            )
            parsed.areas.append(area)
            act = top = sub = None
        act_key = (_text(row.get("rencana_aksi_nomor")), _text(row.get("rencana_aksi")))
        if not act_key[1]:
            continue
        if act is None or (act.number, act.name) != act_key:
            act = ParsedActivity(number=act_key[0], name=act_key[1], line=n)
            area.activities.append(act)
            top = sub = None
        parent_key = (
            _text(row.get("sub_kegiatan_induk_nomor")),
            _text(row.get("sub_kegiatan_induk")),
        )
        sub_key = (_text(row.get("sub_kegiatan_nomor")), _text(row.get("sub_kegiatan")))
        if parent_key[1]:
            if top is None or (top.number, top.name) != parent_key:
                top = ParsedSubActivity(number=parent_key[0], name=parent_key[1], line=n)
                act.sub_activities.append(top)
                sub = None
            if sub is None or sub is top or (sub.number, sub.name) != sub_key:
                sub = ParsedSubActivity(number=sub_key[0], name=sub_key[1], line=n)
                top.sub_activities.append(sub)
            holder = sub
        elif sub_key[1]:
            if top is None or (top.number, top.name) != sub_key:
                top = ParsedSubActivity(number=sub_key[0], name=sub_key[1], line=n)
                act.sub_activities.append(top)
            sub = top
            holder = top
        else:
            if act.sub_activities and _text(row.get("indikator_output")):
                # An activity's own indicators come before its sub kegiatan in this layout.
                raise NationalFormatError(
                    _("%(where)s: indikator kegiatan setelah sub kegiatannya.") % {"where": where}
                )
            holder = act
        text = _text(row.get("indikator_output"))
        if not text:
            continue
        period_targets = {}
        for q in TW:
            value = _decimal(row.get(f"target_tw{q}"), f"{where}, target_tw{q}")
            if value is not None and value > 0:
                period_targets[q] = value
        holder.indicators.append(
            ParsedIndicator(
                number=_text(row.get("indikator_nomor")),
                text=text,
                periods=sorted(period_targets),
                note=_text(row.get("keterangan")),
                target=_decimal(row.get("target_total"), f"{where}, target_total"),
                unit=_text(row.get("satuan_output")),
                pic=_text(row.get("pelaksana")),
                period_targets=period_targets,
                line=n,
            )
        )
    if not parsed.areas:
        raise NationalFormatError(_("Berkas tidak berisi satu pun baris rencana aksi."))
    return parsed


def _from_json(data: bytes) -> ParsedPlan:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise NationalFormatError(
            _("JSON tidak dapat dibaca: %(e)s") % {"e": str(exc)[:200]}
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise NationalFormatError(_("Bukan berkas format nasional Renaksi."))
    rows = doc.get("rencana_aksi")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise NationalFormatError(_("“rencana_aksi” harus berupa daftar baris."))
    if len(rows) > MAX_ROWS:
        raise NationalFormatError(
            _("Terlalu banyak baris (paling banyak %(n)s).") % {"n": MAX_ROWS}
        )
    decree = doc.get("keputusan") or {}
    if not isinstance(decree, dict):
        raise NationalFormatError(_("“keputusan” harus berupa objek."))
    return rows_to_parsed(rows, _decree(decree))


def _from_xlsx(data: bytes) -> ParsedPlan:
    opened = _xlsx_sheets(data)
    if opened is None:
        raise NationalFormatError(_("Lembar “%(sheet)s” tidak ditemukan.") % {"sheet": SHEET})
    book, header, raw_rows = opened
    names = [_text(h) for h in header]
    rows = []
    for values in raw_rows:
        if values is None or all(v is None or v == "" for v in values):
            continue
        rows.append(
            {
                name: values[i] if i < len(values) else None
                for i, name in enumerate(names)
                if name in COLUMNS
            }
        )
        if len(rows) > MAX_ROWS:
            raise NationalFormatError(
                _("Terlalu banyak baris (paling banyak %(n)s).") % {"n": MAX_ROWS}
            )
    decree = {}
    if DECREE_SHEET in book.sheetnames:
        for key, value, *_rest in book[DECREE_SHEET].iter_rows(
            values_only=True, max_row=200, max_col=2
        ):
            key = _text(key)
            if key.startswith("keputusan."):
                decree[key.removeprefix("keputusan.")] = value
    book.close()
    return rows_to_parsed(rows, _decree(decree))


def national_parse(*, filename: str, data: bytes) -> ParsedPlan | None:
    """The plan, if the file is in the national layout; None when it is some other file."""
    if not national_detect(filename=filename, data=data):
        return None
    return _from_xlsx(data) if _is_xlsx(data) else _from_json(data)


def importer_hook(*, filename: str, data: bytes):
    """For the plan importer: ``(ParsedPlan, source format)`` for a national-format file, else
    None. Raises the importer's ``PlanWriteError`` naming the file when it cannot be read."""
    from renaksi.plans.services import PlanWriteError

    try:
        parsed = national_parse(filename=filename, data=data)
    except NationalFormatError as exc:
        raise PlanWriteError(
            _("Berkas %(name)s: %(error)s") % {"name": filename, "error": exc}
        ) from exc
    if parsed is None:
        return None
    return parsed, ("xlsx" if _is_xlsx(data) else "json")
