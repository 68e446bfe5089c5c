"""The document kinds, in one place: label, formats and their renderers, parameters, file name.

Every kind takes the paper (A4 or F4). The monitoring report also takes a span (month, triwulan,
semester, year), its number and optionally the "as of" date (without one it reads "today", so
its cache key holds the day). A finished file of the same plan version, format and parameters
is served again instead of rendered again (renaksi/reports/queue.py).

The services (requests, rendering) and the views (downloads, the reports page's form) read this
registry; a new kind is one entry here and a ``ReportJob.Kind`` choice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.reports.common import DocumentError, check_paper, monev_prefix
from renaksi.reports.decree import decree_docx, decree_pdf
from renaksi.reports.lampiran import lampiran_docx, lampiran_pdf, lampiran_xlsx
from renaksi.reports.models import ReportJob
from renaksi.reports.monev import monev_docx, monev_pdf, monev_xlsx
from renaksi.reports.monev_data import Span

Kind = ReportJob.Kind
Renderer = Callable[..., bytes]


def _paper_only(params: dict) -> dict:
    return {}


def _monev_params(params: dict) -> dict:
    """Span and number (``DocumentError`` when out of range); the "as of" date if given."""
    clean = Span.parse(params.get("span", ""), params.get("number")).as_params()
    if params.get("as_of"):
        clean["as_of"] = date.fromisoformat(str(params["as_of"])).isoformat()
    return clean


def _monev_check(plan: Plan, params: dict) -> None:
    Span.parse(params["span"], params["number"]).periods(plan)  # a month of a quarterly plan


def _monev_arguments(params: dict) -> dict:
    today = date.fromisoformat(params["as_of"]) if params.get("as_of") else timezone.localdate()
    return {"span": Span.parse(params["span"], params["number"]), "today": today}


def _monev_prefix(params: dict) -> str:
    span = Span.parse(params["span"], params["number"])
    return monev_prefix(span.kind, span.number)


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document; ``kind`` is its ``ReportJob.Kind`` value."""

    kind: str
    prefix: str  # the file name: "Lampiran_RB_17.09_2023.xlsx"
    renderers: dict[str, Renderer]  # format → renderer(plan=…, paper=…, **arguments)
    # Beyond the paper: the request's parameters checked and normalised (DocumentError if not).
    parse: Callable[[dict], dict] = _paper_only
    # The parameters against the plan (DocumentError if this plan cannot have this document).
    check: Callable[[Plan, dict], None] | None = None
    # The renderer's arguments beyond plan and paper, from the stored parameters.
    arguments: Callable[[dict], dict] = _paper_only
    # The file name's prefix from the stored parameters, when it depends on them.
    prefix_for: Callable[[dict], str] | None = None
    today_matters: bool = False  # without an "as of" date it reads today's date
    form_fields: tuple[str, ...] = field(default=())  # the reports page's fields it uses

    @property
    def label(self) -> Promise | str:
        return Kind(self.kind).label

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)

    def clean_params(self, fmt: str, params: dict) -> dict:
        if fmt not in self.renderers:
            raise DocumentError(
                _("%(kind)s tidak tersedia dalam format %(format)s.")
                % {"kind": self.label, "format": fmt.upper()}
            )
        clean = {"paper": check_paper(str(params.get("paper") or "a4").lower())}
        clean.update(self.parse(params))
        return clean

    def render(self, plan: Plan, fmt: str, params: dict) -> bytes:
        return self.renderers[fmt](plan=plan, paper=params["paper"], **self.arguments(params))

    def file_prefix(self, params: dict) -> str:
        return self.prefix_for(params) if self.prefix_for else self.prefix


# In the order the reports page offers them.
KINDS: dict[str, DocumentKind] = {
    Kind.MONEV: DocumentKind(
        kind=Kind.MONEV,
        prefix="Monev",
        renderers={"xlsx": monev_xlsx, "pdf": monev_pdf, "docx": monev_docx},
        parse=_monev_params,
        check=_monev_check,
        arguments=_monev_arguments,
        prefix_for=_monev_prefix,
        today_matters=True,
        form_fields=("span", "number"),
    ),
    Kind.LAMPIRAN: DocumentKind(
        kind=Kind.LAMPIRAN,
        prefix="Lampiran",
        renderers={"xlsx": lampiran_xlsx, "pdf": lampiran_pdf, "docx": lampiran_docx},
    ),
    Kind.DECREE: DocumentKind(
        kind=Kind.DECREE,
        prefix="Keputusan",
        renderers={"pdf": decree_pdf, "docx": decree_docx},
    ),
}


def document_kind(kind: str) -> DocumentKind:
    """The registry entry; ``DocumentError`` for a kind nobody registered."""
    try:
        return KINDS[kind]
    except KeyError:
        raise DocumentError(_("Jenis dokumen %(kind)s tidak dikenal.") % {"kind": kind}) from None


def kind_choices() -> list[tuple[str, Promise | str]]:
    return [(entry.kind, entry.label) for entry in KINDS.values()]
