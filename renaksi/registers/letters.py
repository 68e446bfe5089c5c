"""The PPID's statutory letters as DOCX (docxtpl) or PDF (WeasyPrint), from editable templates.

- DOCX: ``letter_templates/<kind>.docx`` of this package, or the same name in the directory set by
  ``REGISTERS_LETTER_TEMPLATES_DIR`` (staff edit a copy in Word; the ``{{ … }}`` fields stay).
- PDF: the Django template ``registers/letters/<kind>.html`` (override it in a template dir).

Kinds: ``pemberitahuan`` (the written notice with the decision, UU 14/2008 Ps 22), ``perpanjangan``
(the extension notice, Ps 22 ayat 8), ``tanggapan-keberatan`` (the Atasan PPID's answer, Ps 36).
"""

from __future__ import annotations

import io
from pathlib import Path

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _

from renaksi.registers.models import InfoRequest

KINDS = ("pemberitahuan", "perpanjangan", "tanggapan-keberatan")
BUILTIN_DIR = Path(__file__).resolve().parent / "letter_templates"


class LetterUnavailable(Exception):
    pass


def _date(day) -> str:
    return formats.date_format(day, "j F Y") if day else ""


def letter_context(req: InfoRequest, kind: str) -> dict:
    unit = req.unit
    dated = {
        "pemberitahuan": req.answered_on,
        "perpanjangan": req.extended_on,
        "tanggapan-keberatan": req.objection_answered_on,
    }[kind]
    return {
        "unit_name": unit.name,
        "place": unit.place or unit.name,
        "number": req.number,
        "date": _date(dated),
        "received_on": _date(req.received_on),
        "requester_name": req.requester_name,
        "contact": req.contact,
        "information": req.information,
        "purpose": req.purpose,
        "decision": req.get_decision_display() if req.decision else "",
        "decision_note": req.decision_note,
        "exemption_article": req.exemption_article,
        "extension_reason": req.extension_reason,
        "objection_ground": req.get_objection_ground_display() if req.objection_ground else "",
        "objection_answer": req.objection_answer,
        "title": {
            "pemberitahuan": _("Pemberitahuan Tertulis"),
            "perpanjangan": _("Pemberitahuan Perpanjangan Jangka Waktu"),
            "tanggapan-keberatan": _("Tanggapan Atas Keberatan"),
        }[kind],
    }


def letter_available(req: InfoRequest, kind: str) -> bool:
    return {
        "pemberitahuan": req.answered_on is not None,
        "perpanjangan": req.extended_on is not None,
        "tanggapan-keberatan": req.objection_answered_on is not None,
    }.get(kind, False)


def _template_path(kind: str) -> Path:
    custom = getattr(settings, "REGISTERS_LETTER_TEMPLATES_DIR", "")
    if custom and (Path(custom) / f"{kind}.docx").is_file():
        return Path(custom) / f"{kind}.docx"
    return BUILTIN_DIR / f"{kind}.docx"


def letter_docx(req: InfoRequest, kind: str) -> bytes:
    from docxtpl import DocxTemplate

    if not letter_available(req, kind):
        raise LetterUnavailable(kind)
    doc = DocxTemplate(str(_template_path(kind)))
    doc.render(letter_context(req, kind), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def letter_pdf(req: InfoRequest, kind: str) -> bytes:
    from renaksi.reports.pdf_writer import render_pdf

    if not letter_available(req, kind):
        raise LetterUnavailable(kind)
    return render_pdf("registers/letters/letter.html", {"kind": kind, **letter_context(req, kind)})
