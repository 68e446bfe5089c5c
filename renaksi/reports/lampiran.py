"""The lampiran (the plan table attached to the decree) as XLSX, PDF and DOCX.

Each function is pure: a plan in, the file's bytes out, so a background job can call it later.
The PDF is laid out by Typst from ``templates/reports/lampiran.typ`` (``typst_writer``): the
seed's 8 pages in about 0.4 s, where WeasyPrint took 1.3–2 s (README *Documents*).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.reports.common import PAPER_MM, check_paper, document_language
from renaksi.reports.lampiran_data import DocRow, Lampiran, doc_rows, lampiran_data, page_label
from renaksi.reports.typst_writer import label_parts, too_tall, typst_pdf
from renaksi.reports.xlsx_writer import write_lampiran

# Column widths in per cent of the table, by the number of periods: no, area, kegiatan, sub
# kegiatan, indicator, each period, note.
WIDTHS = {
    12: (3, 9, 13, 15.5, 22, 2.5, 7.5),
    4: (3, 10, 15, 18, 28, 4.5, 8),
}
# A merged cell's text may flow over this many of its rows, which stay on one page together.
LABEL_ROWS = 3
# The page's margins (mm), given to ``lampiran.typ`` as data and used for the rows' heights.
MARGINS_MM = {"top": 12, "right": 10, "bottom": 14, "left": 12}


def lampiran_xlsx(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran as an Excel workbook: landscape, fit to width, header repeated and frozen."""
    check_paper(paper)
    with document_language(language):
        return write_lampiran(lampiran_data(plan), paper=paper, page_label=page_label())


def lampiran_pdf(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran as a landscape PDF with "Halaman n dari N" and the header on every page."""
    check_paper(paper)
    with document_language(language):
        return typst_pdf("lampiran.typ", lampiran_typst_data(lampiran_data(plan), paper))


def merged_cells(rows: list[DocRow]) -> list[list]:
    """The NO, area, kegiatan and sub kegiatan cells of each row, for ``lampiran.typ``.

    A merged cell's text is one cell over its first ``LABEL_ROWS`` rows at most (``rows``),
    and those rows never break across pages: the text stays whole, with the rows it starts
    on. Its further rows are empty cells without the rule above them (``"more"``) and may go
    on the next page, where the merged cell goes on, empty. ``None``: the place is inside a
    cell above; ``open``: rows below go on with the cell. A label split across pages, or
    moved away from its first rows, would read as a new kegiatan there (the PDF importer).
    """
    out: list[list] = []
    inside = [0, 0, 0, 0]  # rows still covered by each column's last cell
    for doc_row in rows:
        row, cells = doc_row.row, []
        sub_child = bool(row.sub and row.sub.is_child)
        for i, (cell, entry) in enumerate(
            (
                (row.area, {"text": doc_row.area_no, "center": True}),
                (row.area, {"text": row.area.label if row.area else ""}),
                (row.activity, {"text": row.activity.label if row.activity else ""}),
                (row.sub, {"text": row.sub.label if row.sub else "", "child": sub_child}),
            )
        ):
            if cell is not None:
                taken = min(cell.rowspan, LABEL_ROWS)
                cells.append({**entry, "rows": taken, "open": cell.rowspan > taken})
                inside[i] = taken - 1
            elif inside[i]:
                cells.append(None)
                inside[i] -= 1
            else:
                cells.append("more")
        out.append(cells)
    return out


def mark_tall(rows: list[dict], widths_mm: list[float], body_mm: float) -> None:
    """``tall`` on each row and on each merged cell of ``lampiran_typst_data``'s rows: may break
    across pages (``typst_writer.too_tall``). Typst breaks a cell only where every cell
    beside it may break too: so the rows under a tall merged cell are tall, and a merged cell
    over a tall row is tall."""
    note_mm, indicator_mm = widths_mm[-1], widths_mm[4]
    for row in rows:
        cells = (("\n".join(row["indicator"]), indicator_mm), (row["note"], note_mm))
        row["tall"] = too_tall(cells, body_mm)
    starts = [
        (k, x, cell)
        for k, row in enumerate(rows)
        for x, cell in enumerate(row["merged"])
        if isinstance(cell, dict)
    ]
    for k, x, cell in starts:
        if too_tall([(cell["text"], widths_mm[x])], body_mm):
            for covered in rows[k : k + cell["rows"]]:
                covered["tall"] = True
    for k, _x, cell in starts:
        cell["tall"] = any(covered["tall"] for covered in rows[k : k + cell["rows"]])


def lampiran_typst_data(data: Lampiran, paper: str) -> dict:
    """``data.json`` of ``lampiran.typ``: every text already translated."""
    short, long = PAPER_MM[paper]
    header, count = data.header, data.period_count
    *lead, period, note = WIDTHS[4 if count == 4 else 12]
    widths = [*lead, *[period] * count, note]
    body = doc_rows(data.table)
    rows = [
        {"merged": merged, "indicator": r.indicator, "periods": r.periods, "note": r.note}
        for r, merged in zip(body, merged_cells(body), strict=True)
    ]
    table_mm = long - MARGINS_MM["left"] - MARGINS_MM["right"]
    body_mm = short - MARGINS_MM["top"] - MARGINS_MM["bottom"]
    mark_tall(rows, [w / 100 * table_mm for w in widths], body_mm)
    return {
        "title": f"{_('Lampiran')} {header.lampiran_number}",
        "lang": (get_language() or "id").split("-")[0],
        "page": {"width": long, "height": short, "margin": MARGINS_MM},
        "page_label": label_parts(page_label()),
        "box": {
            "lampiran": _("Lampiran"),
            "lampiran_of": header.lampiran_of,
            "number_label": _("Nomor"),
            "number": header.lampiran_number,
            "about_label": _("Tentang"),
            "about": header.about_readable,
        },
        "title_lines": list(header.title_lines),
        "headings": {k: str(v) for k, v in vars(data.headings).items()},
        "periods": [label for label, _title in data.table.period_labels],
        "column_numbers": list(data.table.column_numbers),
        "widths": widths,
        "rows": rows,
        "signature": {
            "place_date": header.signature.place_date,
            "title_lines": header.signature.title.splitlines(),
            "name": header.signature.name,
        },
    }


def lampiran_docx(*, plan: Plan, paper: str = "a4", language: str | None = None) -> bytes:
    """The lampiran from the Word template ``templates_docx/lampiran.docx``."""
    check_paper(paper)
    with document_language(language):
        # python-docx and docxtpl only when a DOCX is made: about 10 MB of every process
        # that never makes one (the web processes, most workers).
        from renaksi.reports.docx_writer import render_lampiran

        return render_lampiran(lampiran_data(plan), paper=paper, page_label=page_label())
