"""The decree (Keputusan) that sets the plan, as DOCX and PDF, A4 portrait (F4 on request).

Each function is pure: a plan in, the file's bytes out.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.reports.common import (
    Item,
    Signature,
    check_paper,
    decree_header,
    default_dicta,
    document_language,
    split_dicta,
    split_items,
    two_lines,
)
from renaksi.reports.pdf_writer import render_pdf


@dataclass
class DecreeHeadings:
    about: str
    considering: str
    observing: str
    deciding: str
    set_at: str
    on_date: str


@dataclass
class DecreeDocument:
    heading: str  # "KEPUTUSAN KOMISI PEMILIHAN UMUM\nKABUPATEN BENGKULU TENGAH"
    number_line: str
    about: str
    issuer_line: str  # "KETUA KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU TENGAH,"
    considering: list[Item]
    observing: list[Item]
    deciding: list[Item]
    signature: Signature
    h: DecreeHeadings


def decree_document(plan: Plan) -> DecreeDocument:
    """The decree's parts in the active language, ready for either writer."""
    header = decree_header(plan)
    decree = plan.decree
    signature = Signature(**asdict(header.signature))
    signature.title = signature.title.upper()
    signer = " ".join(signature.title.split()) or f"{header.issuer},"
    deciding = split_dicta(decree.deciding) if decree else []
    return DecreeDocument(
        heading=two_lines(_("KEPUTUSAN %(issuer)s") % {"issuer": header.issuer}),
        number_line=_("NOMOR %(number)s") % {"number": header.number or "…"},
        about=header.about.upper(),
        issuer_line=signer,
        considering=split_items(decree.considering) if decree else [],
        observing=split_items(decree.observing) if decree else [],
        deciding=deciding or default_dicta(plan, header),
        signature=signature,
        h=DecreeHeadings(
            about=_("TENTANG"),
            considering=_("Menimbang"),
            observing=_("Mengingat"),
            deciding=_("MEMUTUSKAN:"),
            set_at=_("Ditetapkan di"),
            on_date=_("pada tanggal"),
        ),
    )


def decree_pdf(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    check_paper(paper)
    with document_language(language):
        return render_pdf(
            "reports/keputusan_pdf.html", {"doc": decree_document(plan), "paper": paper}
        )


def decree_docx(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    check_paper(paper)
    with document_language(language):
        context = asdict(decree_document(plan))
        context["sig"] = context.pop("signature")  # the same short name as in the lampiran
        # python-docx and docxtpl only when a DOCX is made: about 10 MB of every process
        # that never makes one (the web processes, most workers).
        from renaksi.reports.docx_writer import render_decree

        return render_decree(context, paper=paper)
