"""Import SKM answers from CSV/XLSX (Google Forms exports) with a column mapping.

Reads through the plan import's hardened table readers (``plans.importers.table.grid``).
A mapping says, per role (``U1``…``Un``, ``date``, ``sex``, ``age_band``, ``education``,
``occupation``, ``suggestion``), which column holds it: a column letter ("C"), a 1-based
position (3) or the header text. Without a mapping the header row is guessed: "U1"…, the unsur
key or name, or the question text. Answers are 1–4 or the answer label ("Sangat baik",
"Sangat mudah"); empty is allowed. Every row is accepted or reported with its line;
nothing is stored unless every row is valid.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.core.actors import user_or_none
from renaksi.plans.importers.table.grid import TableReadError, column_index, read_table
from renaksi.surveys.defaults import SCALE_WORDS
from renaksi.surveys.models import Answer, Response, Source
from renaksi.surveys.services import PROFILE_FIELDS, PROFILE_MAX, SUGGESTION_MAX, _require_manager

MAX_ROWS = 20000
PROFILE_HEADERS = {
    "date": ("tanggal", "timestamp", "cap waktu", "tanggal survei"),
    "sex": ("jenis kelamin", "jk", "kelamin"),
    "age_band": ("usia", "umur"),
    "education": ("pendidikan", "pendidikan terakhir"),
    "occupation": ("pekerjaan",),
    "suggestion": ("saran", "saran dan masukan", "kritik dan saran", "saran/masukan"),
}


class SurveyImportError(ValueError):
    """The whole file is refused; ``problems`` lists what and where."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportResult:
    created: int = 0
    problems: list[str] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 -> "A", 26 -> "AA" (as a spreadsheet names its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _norm(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


def load_mapping(spec: str | None) -> dict:
    """A mapping from a JSON file path, a JSON text, or ``U1=C,U2=D,date=A``."""
    if not spec:
        return {}
    text = spec
    if not spec.lstrip().startswith("{") and "=" not in spec:
        try:
            with open(spec, encoding="utf-8") as handle:
                text = handle.read(100_000)
        except OSError as exc:
            raise SurveyImportError(
                [_("Berkas pemetaan %(f)s tidak dapat dibaca.") % {"f": spec}]
            ) from exc
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise SurveyImportError([_("Pemetaan bukan JSON yang sah.")]) from exc
        if not isinstance(data, dict):
            raise SurveyImportError([_("Pemetaan harus berupa objek JSON.")])
        return data
    columns = {}
    for part in text.split(","):
        role, _sep, col = part.partition("=")
        if role.strip() and col.strip():
            columns[role.strip()] = col.strip()
    return {"columns": columns}


def _resolve_column(ref, headers: list[str], role: str) -> int:
    if isinstance(ref, int) and not isinstance(ref, bool):
        if ref >= 1:
            return ref - 1
    elif isinstance(ref, str):
        ref = ref.strip()
        if ref.isdigit() and int(ref) >= 1:
            return int(ref) - 1
        if re.fullmatch(r"[A-Za-z]{1,3}", ref) and _norm(ref) not in headers:
            return column_index(ref.upper())
        if _norm(ref) in headers:
            return headers.index(_norm(ref))
    raise SurveyImportError(
        [_("Kolom untuk %(role)s tidak ditemukan: %(ref)s.") % {"role": role, "ref": str(ref)[:80]}]
    )


def _guess(headers: list[str], unsur) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, head in enumerate(headers):
        if not head:
            continue
        for u in unsur:
            role = f"U{u.position}"
            if role in found:
                continue
            if (
                head in (role.lower(), u.key, _norm(u.name), _norm(u.question))
                or head.startswith(role.lower() + " ")
                or head.startswith(role.lower() + ".")
            ):
                found[role] = col
                break
        else:
            for role, names in PROFILE_HEADERS.items():
                if role not in found and head in names:
                    found[role] = col
    return found


def _answer(raw, unsur) -> int | None:
    if raw in ("", None):
        return None
    if isinstance(raw, Decimal):
        text = format(raw, "f")
    else:
        text = str(raw).strip()
    if text == "":
        return None
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        number = None
    if number is not None and number == number.to_integral_value() and 1 <= number <= 4:
        return int(number)
    word = _norm(text)
    for i, label in enumerate(unsur.labels, start=1):
        if word == _norm(label):
            return i
    if word in SCALE_WORDS:
        return SCALE_WORDS[word]
    raise ValueError(text[:60])


def _date(raw, default: Date) -> Date:
    if raw in ("", None):
        return default
    text = str(raw).strip()[:40]
    if isinstance(raw, Decimal):  # an Excel serial date
        try:
            return Date.fromordinal(Date(1899, 12, 30).toordinal() + int(raw))
        except (ValueError, OverflowError) as exc:
            raise ValueError(text) from exc
    for fmt in (
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d/%m/%Y %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%d-%m-%Y",
    ):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def survey_import(
    *, questionnaire, data: bytes, kind: str, date: Date, service=None, mapping=None, actor
) -> ImportResult:
    """Import every row of the file or nothing; raises SurveyImportError listing each bad line."""
    rows = survey_import_preview(
        questionnaire=questionnaire,
        data=data,
        kind=kind,
        date=date,
        service=service,
        mapping=mapping,
        actor=actor,
    )
    from renaksi.audit.services import audit_record

    with transaction.atomic(durable=True):
        _require_manager(actor, questionnaire.unit)
        for when, values, profile, suggestion in rows:
            response = Response.objects.create(
                questionnaire=questionnaire,
                service=service,
                date=when,
                source=Source.IMPORTED,
                suggestion=suggestion,
                created_by=user_or_none(actor),
                **profile,
            )
            Answer.objects.bulk_create(
                Answer(response=response, unsur_id=pk, value=v) for pk, v in values.items()
            )
        if questionnaire.published_at is None:
            from django.utils import timezone

            type(questionnaire).objects.filter(pk=questionnaire.pk).update(
                published_at=timezone.now()
            )
        audit_record(
            actor=actor,
            action="surveys.import",
            obj=questionnaire,
            unit=questionnaire.unit,
            data={"rows": len(rows)},
        )
    return ImportResult(created=len(rows))


def survey_import_preview(
    *, questionnaire, data: bytes, kind: str, date: Date, service=None, mapping=None, actor
) -> list[tuple]:
    """Every row of the file read and checked, nothing stored: [(date, {unsur pk: value},
    profile, suggestion)]; raises SurveyImportError listing each bad line."""
    _require_manager(actor, questionnaire.unit)
    if service is not None and service.unit_id != questionnaire.unit_id:
        raise SurveyImportError([_("Layanan bukan milik satuan kerja kuesioner ini.")])
    try:
        grid = read_table(data, kind)
    except TableReadError as exc:
        raise SurveyImportError([str(exc)]) from exc
    mapping = mapping or {}
    header_row = int(mapping.get("header_row", 1) or 1)
    headers = [_norm(grid.text(header_row, c))[:500] for c in range(grid.width)]
    unsur = list(questionnaire.unsur.all())
    columns = _guess(headers, unsur)
    for role, ref in (mapping.get("columns") or {}).items():
        columns[str(role)] = _resolve_column(ref, headers, str(role))
    missing = [f"U{u.position}" for u in unsur if f"U{u.position}" not in columns]
    if missing:
        raise SurveyImportError(
            [
                _("Kolom jawaban tidak ditemukan untuk: %(m)s. Berikan pemetaan (--mapping).")
                % {"m": ", ".join(missing)}
            ]
        )
    rows = []
    problems = []
    last = len(grid.rows)
    if last - header_row > MAX_ROWS:
        raise SurveyImportError([_("Berkas berisi lebih dari %(n)s baris.") % {"n": MAX_ROWS}])
    for line in range(header_row + 1, last + 1):
        cells = grid.rows[line - 1]
        if not any(str(c).strip() for c in cells):
            continue
        values = {}
        for u in unsur:
            raw = grid.value(line, columns[f"U{u.position}"])
            try:
                values[u.pk] = _answer(raw, u)
            except ValueError as exc:
                problems.append(
                    _('Baris %(line)s, U%(n)s (kolom %(col)s): jawaban tidak dikenal "%(v)s".')
                    % {
                        "line": line,
                        "n": u.position,
                        "col": column_letter(columns[f"U{u.position}"]),
                        "v": exc,
                    }
                )
        if values and all(v is None for v in values.values()):
            problems.append(_("Baris %(line)s: tidak ada jawaban.") % {"line": line})
        profile = {}
        for f in PROFILE_FIELDS:
            text = grid.text(line, columns[f]).strip() if f in columns else ""
            if len(text) > PROFILE_MAX[f]:
                if f == "sex" and _norm(text) in ("laki-laki", "perempuan", "pria", "wanita"):
                    text = "L" if _norm(text) in ("laki-laki", "pria") else "P"
                else:
                    problems.append(
                        _("Baris %(line)s: isian %(f)s terlalu panjang.") % {"line": line, "f": f}
                    )
                    text = ""
            profile[f] = text
        suggestion = (
            grid.text(line, columns["suggestion"]).replace("\x00", "").strip()
            if "suggestion" in columns
            else ""
        )
        if len(suggestion) > SUGGESTION_MAX:
            problems.append(
                _("Baris %(line)s: saran lebih dari %(n)s karakter.")
                % {"line": line, "n": SUGGESTION_MAX}
            )
        try:
            when = _date(grid.value(line, columns["date"]), date) if "date" in columns else date
        except ValueError as exc:
            problems.append(
                _('Baris %(line)s: tanggal "%(v)s" tidak dikenal.') % {"line": line, "v": exc}
            )
            when = date
        if not (questionnaire.start <= when <= questionnaire.end):
            problems.append(
                _("Baris %(line)s: tanggal %(d)s di luar periode kuesioner.")
                % {"line": line, "d": when.isoformat()}
            )
        rows.append((when, values, profile, suggestion))
    if problems:
        raise SurveyImportError(problems)
    if not rows:
        raise SurveyImportError([_("Berkas tidak berisi jawaban.")])
    return rows


__all__ = [
    "ImportResult",
    "SurveyImportError",
    "ValidationError",
    "load_mapping",
    "survey_import",
    "survey_import_preview",
]
