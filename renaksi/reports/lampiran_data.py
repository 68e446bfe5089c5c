"""The lampiran's content, shared by its XLSX, PDF and DOCX writers.

The rows and their merged cells come from ``plan_table``, the same structure the plan page
shows, so the documents and the page never disagree about which rows an area covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_tree
from renaksi.plans.view_helpers import PlanTable, TableRow, plan_table
from renaksi.reports.common import DecreeHeader, decree_header, number_text

CHECK = "√"


@dataclass
class Headings:
    no: str
    area: str
    activity: str
    sub: str
    indicator: str
    periods: str
    note: str


@dataclass
class Lampiran:
    plan: Plan
    header: DecreeHeader
    table: PlanTable
    headings: Headings

    @property
    def period_count(self) -> int:
        return len(self.table.period_labels)


def lampiran_data(plan: Plan) -> Lampiran:
    """Everything the three lampiran writers lay out, in the active language."""
    quarterly = plan.period_count == 4
    return Lampiran(
        plan=plan,
        header=decree_header(plan),
        table=plan_table(plan=plan, tree=plan_tree(plan=plan)),
        headings=Headings(
            no=_("NO"),
            area=_("AREA PERUBAHAN"),
            activity=_("KEGIATAN"),
            sub=_("SUB KEGIATAN"),
            indicator=_("INDIKATOR KEBERHASILAN"),
            periods=_("PELAKSANAAN (TRIWULAN)") if quarterly else _("PELAKSANAAN (BULAN)"),
            note=_("KET"),
        ),
    )


def area_number(number: str) -> str:
    """``"1"`` → ``"1."``, as the lampiran's NO column writes it."""
    number = (number or "").strip()
    return f"{number}." if number and not number.endswith((".", ")")) else number


def indicator_lines(row: TableRow) -> list[str]:
    """The indicator's text, and its overall target when it has one."""
    if row.indicator is None:
        return []
    lines = [row.label]
    if row.target is not None:
        target = f"{number_text(row.target)} {row.indicator.target_unit}".strip()
        lines.append(_("Target: %(target)s") % {"target": target})
    return lines


def period_text(cell) -> str:
    """√ for a planned period, its number when the period has a numeric target, else blank."""
    if not cell.planned:
        return ""
    return CHECK if cell.value is None else number_text(cell.value)


def page_label() -> str:
    """The "Halaman n dari N" words, with ``%(number)s`` and ``%(total)s`` for the numbers.

    The same msgid as the web pagination, so both are translated once.
    """
    return _("Halaman %(number)s dari %(total)s")


@dataclass
class DocRow:
    """One row of the lampiran's body as text; ``row`` keeps the spans and raw values."""

    row: TableRow
    area_no: str
    indicator: list[str]
    periods: list[str]

    @property
    def note(self) -> str:
        return self.row.indicator.note if self.row.indicator is not None else ""


def doc_rows(table: PlanTable) -> list[DocRow]:
    return [
        DocRow(
            row=row,
            area_no=area_number(row.area.obj.number) if row.area else "",
            indicator=indicator_lines(row),
            periods=[period_text(cell) for cell in row.periods],
        )
        for row in table.rows
    ]
