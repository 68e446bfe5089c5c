"""The Renaksi JSON interchange format (documented in README "Interchange format").

``parsed_to_json`` and ``parsed_from_json`` convert between ``ParsedPlan`` and plain JSON data;
the database side lives in services (write) and selectors (read). Reading JSON validates every
field and reports the path of what is wrong, in Indonesian.

An export may carry each indicator's ``realisations`` (what was done, from the monitoring app,
passed in by the caller so this module does not depend on it). Reading ignores them: importing a
plan never creates realisations.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from renaksi.plans.parsed import (
    ParsedActivity,
    ParsedArea,
    ParsedDecree,
    ParsedIndicator,
    ParsedPlan,
    ParsedSubActivity,
)

FORMAT_VERSION = 1
TARGET_KINDS = ("", "per_period", "cumulative")
TARGET_SCALES = ("", "percent", "fraction", "count", "currency")
DECREE_DATE_FIELDS = ("date_set", "valid_from", "valid_until")
DECREE_TEXT_FIELDS = (
    "issuer",
    "number",
    "lampiran_number",
    "about",
    "place",
    "signer_name",
    "signer_title",
    "validity_text",
    "considering",
    "observing",
    "deciding",
)


class InterchangeError(ValueError):
    """The JSON is not a Renaksi plan; the message says what and where."""


def _decimal_out(value: Decimal | None):
    if value is None:
        return None
    normalized = value.normalize()
    # Whole numbers as int, others as string to keep exact decimals.
    if normalized == normalized.to_integral_value():
        return int(normalized)
    return str(normalized)


def _indicator_out(ind: ParsedIndicator, realisations: Mapping[int, Sequence[dict]] | None) -> dict:
    data = {
        "number": ind.number,
        "text": ind.text,
        "periods": sorted(ind.periods),
        "note": ind.note,
        "target": _decimal_out(ind.target),
        "unit": ind.unit,
        "pic": ind.pic,
        "pic2": ind.pic2,
        "budget": _decimal_out(ind.budget),
        "evidence": list(ind.evidence),
        "target_kind": ind.target_kind,
        "target_scale": ind.target_scale,
    }
    if ind.period_targets:
        data["period_targets"] = {
            str(p): _decimal_out(v) for p, v in sorted(ind.period_targets.items())
        }
    if realisations is not None:
        data["realisations"] = [dict(row) for row in realisations[id(ind)]]
    return data


def _sub_out(sub: ParsedSubActivity, realisations: Mapping[int, Sequence[dict]] | None) -> dict:
    return {
        "number": sub.number,
        "name": sub.name,
        "sub_activities": [_sub_out(child, realisations) for child in sub.sub_activities],
        "indicators": [_indicator_out(ind, realisations) for ind in sub.indicators],
    }


def parsed_to_json(
    parsed: ParsedPlan,
    *,
    extra: dict | None = None,
    realisations: Sequence[Sequence[dict]] | None = None,
) -> dict:
    """The plan as JSON data.

    ``realisations``, when given, holds one list per indicator in ``parsed.iter_indicators()``
    order, each row ``{"period", "status", "progress", "verified", "evidence"}``; every indicator
    then gains a ``realisations`` list (an empty one when nothing was realised).
    """
    by_indicator = None
    if realisations is not None:
        indicators = list(parsed.iter_indicators())
        if len(indicators) != len(realisations):
            raise ValueError(
                f"realisations: {len(realisations)} lists for {len(indicators)} indicators"
            )
        by_indicator = {id(ind): rows for ind, rows in zip(indicators, realisations, strict=True)}
    decree = {name: getattr(parsed.decree, name) for name in DECREE_TEXT_FIELDS}
    for name in DECREE_DATE_FIELDS:
        value = getattr(parsed.decree, name)
        decree[name] = value.isoformat() if value else None
    data = {
        "format": "renaksi-plan",
        "version": FORMAT_VERSION,
        **(extra or {}),
        "decree": decree,
        "granularity": parsed.granularity,
        "areas": [
            {
                "number": area.number,
                "name": area.name,
                "reform_area": area.reform_area,
                "activities": [
                    {
                        "number": act.number,
                        "name": act.name,
                        "sub_activities": [
                            _sub_out(sub, by_indicator) for sub in act.sub_activities
                        ],
                        "indicators": [_indicator_out(ind, by_indicator) for ind in act.indicators],
                    }
                    for act in area.activities
                ],
            }
            for area in parsed.areas
        ],
    }
    return data


# --- reading -------------------------------------------------------------------------------


_SURROGATE = re.compile("[\ud800-\udfff]")


class _Reader:
    def __init__(self, granularity: str):
        self.max_period = 4 if granularity == "quarter" else 12

    def fail(self, path: str, message: str):
        raise InterchangeError(
            _("Kesalahan pada %(path)s: %(message)s") % {"path": path, "message": message}
        )

    def obj(self, value, path: str) -> dict:
        if not isinstance(value, dict):
            self.fail(path, _("harus berupa objek JSON"))
        return value

    def text(self, data: dict, key: str, path: str, *, required: bool = False) -> str:
        value = data.get(key, "")
        if value is None:
            value = ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.fail(f"{path}.{key}", _("harus berupa teks"))
        # JSON may carry what no database text column stores: NUL, and lone surrogate escapes
        # ("\ud800"), which PostgreSQL refuses. Drop the one, mark the other as unreadable.
        value = value.replace("\x00", "")
        value = _SURROGATE.sub("\ufffd", value)
        if required and not value.strip():
            self.fail(f"{path}.{key}", _("wajib diisi"))
        return value

    def items(self, data: dict, key: str, path: str) -> list:
        value = data.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{path}.{key}", _("harus berupa daftar"))
        return value

    def decimal(self, value, path: str) -> Decimal | None:
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            self.fail(path, _("harus berupa angka"))
        try:
            result = (
                Decimal(str(value).replace(",", "."))
                if isinstance(value, str)
                else Decimal(str(value))
            )
        except InvalidOperation:
            self.fail(path, _("harus berupa angka"))
        # copy_abs() is exact: abs() would round in the context and overflow on "1e99999999".
        if not result.is_finite() or result.copy_abs() >= Decimal(10) ** 14:
            self.fail(path, _("angka di luar rentang"))
        return result

    def period(self, value, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            # ASCII digits only ("²".isdigit() is true) and short (int() refuses 4,300 digits).
            if isinstance(value, str) and re.fullmatch(r"[0-9]{1,4}", value.strip()):
                value = int(value.strip())
            else:
                self.fail(path, _("periode harus bilangan bulat"))
        if not 1 <= value <= self.max_period:
            self.fail(
                path,
                _("periode %(value)s di luar rentang 1–%(max)s")
                % {"value": value, "max": self.max_period},
            )
        return value

    def indicator(self, value, path: str) -> ParsedIndicator:
        data = self.obj(value, path)
        periods = [
            self.period(p, f"{path}.periods[{i}]")
            for i, p in enumerate(self.items(data, "periods", path))
        ]
        if len(set(periods)) != len(periods):
            self.fail(f"{path}.periods", _("periode tidak boleh berulang"))
        period_targets: dict[int, Decimal] = {}
        raw_targets = data.get("period_targets") or {}
        if not isinstance(raw_targets, dict):
            self.fail(f"{path}.period_targets", _("harus berupa objek JSON"))
        for key, raw in raw_targets.items():
            period = self.period(key, f"{path}.period_targets.{key}")
            target = self.decimal(raw, f"{path}.period_targets.{key}")
            # A null target is no target: the preview would show it as "(None)".
            if target is not None:
                period_targets[period] = target
        evidence = [
            self.text({"url": url}, "url", f"{path}.evidence[{i}]", required=True)
            for i, url in enumerate(self.items(data, "evidence", path))
        ]
        for i, url in enumerate(evidence):
            if len(url) > 1000:
                self.fail(f"{path}.evidence[{i}]", _("tautan terlalu panjang"))
        kind = self.text(data, "target_kind", path)
        if kind not in TARGET_KINDS:
            self.fail(f"{path}.target_kind", _("harus “per_period”, “cumulative” atau kosong"))
        scale = self.text(data, "target_scale", path)
        if scale not in TARGET_SCALES:
            self.fail(
                f"{path}.target_scale",
                _("harus “percent”, “fraction”, “count”, “currency” atau kosong"),
            )
        return ParsedIndicator(
            pic2=self.text(data, "pic2", path),
            budget=self.decimal(data.get("budget"), f"{path}.budget"),
            evidence=evidence,
            target_kind=kind,
            target_scale=scale,
            number=self.text(data, "number", path),
            text=self.text(data, "text", path, required=True),
            periods=sorted(periods),
            note=self.text(data, "note", path),
            target=self.decimal(data.get("target"), f"{path}.target"),
            unit=self.text(data, "unit", path),
            pic=self.text(data, "pic", path),
            period_targets=period_targets,
        )

    def sub(self, value, path: str, depth: int = 0) -> ParsedSubActivity:
        data = self.obj(value, path)
        children = self.items(data, "sub_activities", path)
        if depth >= 1 and children:
            self.fail(f"{path}.sub_activities", _("sub kegiatan hanya boleh bertingkat satu kali"))
        return ParsedSubActivity(
            number=self.text(data, "number", path),
            name=self.text(data, "name", path, required=True),
            sub_activities=[
                self.sub(c, f"{path}.sub_activities[{i}]", depth + 1)
                for i, c in enumerate(children)
            ],
            indicators=[
                self.indicator(v, f"{path}.indicators[{i}]")
                for i, v in enumerate(self.items(data, "indicators", path))
            ],
        )

    def activity(self, value, path: str) -> ParsedActivity:
        data = self.obj(value, path)
        return ParsedActivity(
            number=self.text(data, "number", path),
            name=self.text(data, "name", path, required=True),
            sub_activities=[
                self.sub(v, f"{path}.sub_activities[{i}]")
                for i, v in enumerate(self.items(data, "sub_activities", path))
            ],
            indicators=[
                self.indicator(v, f"{path}.indicators[{i}]")
                for i, v in enumerate(self.items(data, "indicators", path))
            ],
        )

    def area(self, value, path: str) -> ParsedArea:
        data = self.obj(value, path)
        reform_area = data.get("reform_area")
        if reform_area is not None and (
            isinstance(reform_area, bool)
            or not isinstance(reform_area, int)
            or not 1 <= reform_area <= 8
        ):
            self.fail(f"{path}.reform_area", _("harus bilangan 1–8 atau kosong"))
        return ParsedArea(
            number=self.text(data, "number", path),
            name=self.text(data, "name", path, required=True),
            reform_area=reform_area,
            activities=[
                self.activity(v, f"{path}.activities[{i}]")
                for i, v in enumerate(self.items(data, "activities", path))
            ],
        )

    def decree(self, value, path: str) -> ParsedDecree:
        data = self.obj(value or {}, path)
        texts: dict[str, Any] = {name: self.text(data, name, path) for name in DECREE_TEXT_FIELDS}
        decree = ParsedDecree(**texts)
        for name in DECREE_DATE_FIELDS:
            raw = data.get(name)
            if raw in (None, ""):
                continue
            try:
                setattr(decree, name, datetime.date.fromisoformat(str(raw)))
            except ValueError:
                self.fail(f"{path}.{name}", _("tanggal harus berformat TTTT-BB-HH"))
        return decree


def parsed_from_json(data) -> ParsedPlan:
    if not isinstance(data, dict):
        raise InterchangeError(_("Berkas JSON harus berisi satu objek rencana aksi."))
    granularity = data.get("granularity", "month")
    if granularity not in ("month", "quarter"):
        raise InterchangeError(
            _("Kesalahan pada granularity: harus 'month' atau 'quarter', bukan %(value)r.")
            % {"value": granularity}
        )
    reader = _Reader(granularity)
    areas = data.get("areas")
    if not isinstance(areas, list):
        raise InterchangeError(_("Kesalahan pada areas: daftar area perubahan tidak ada."))
    return ParsedPlan(
        decree=reader.decree(data.get("decree"), "decree"),
        granularity=granularity,
        areas=[reader.area(v, f"areas[{i}]") for i, v in enumerate(areas)],
    )


def parsed_from_json_bytes(raw: bytes) -> ParsedPlan:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            _("Berkas bukan teks UTF-8 (byte ke-%(pos)s).") % {"pos": exc.start + 1}
        ) from exc
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            _("JSON tidak valid pada baris %(line)s kolom %(col)s: %(msg)s")
            % {"line": exc.lineno, "col": exc.colno, "msg": exc.msg}
        ) from exc
    except RecursionError as exc:
        raise InterchangeError(_("JSON terlalu dalam bersarang.")) from exc
    except ValueError as exc:  # an integer literal longer than Python converts (4,300 digits)
        raise InterchangeError(_("JSON memuat angka yang terlalu panjang.")) from exc
    return parsed_from_json(data)
