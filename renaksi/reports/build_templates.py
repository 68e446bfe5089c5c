"""Write the Word templates ``lampiran.docx``, ``keputusan.docx`` and ``monev.docx``.

They go to ``templates_docx/``.

Run once, and again only to start the templates over (it overwrites staff edits):

    .venv/bin/python -m renaksi.reports.build_templates

The files are ordinary Word documents with docxtpl (Jinja) tags that staff may restyle in Word:
fonts, margins, column widths, spacing. Keep the tags:

* ``{{ name }}`` fields; ``{{ h.… }}`` are the translated headings.
* ``{%tr for row in rows %}`` … ``{%tr endfor %}``: rows repeated once per item.
* Lampiran: the table with the most rows is the plan table; its last row is the repeated body
  row and its 12 period columns (``row.p[0]`` … ``row.p[11]``) come right after the indicator.
  Merged area/kegiatan/sub kegiatan cells and quarterly plans (4 columns) are done after
  rendering (``docx_writer``), so the template needs no merge tags.
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from renaksi.reports.docx_build import (
    add_field,
    base_document,
    box_paragraph,
    loop_table,
    new_table,
    paragraph_style,
    row_flag,
    save_template,
    set_text,
    shade_tc,
    tag_row,
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_docx"
LAMPIRAN_TEMPLATE = TEMPLATE_DIR / "lampiran.docx"
DECREE_TEMPLATE = TEMPLATE_DIR / "keputusan.docx"
MONEV_TEMPLATE = TEMPLATE_DIR / "monev.docx"

# Lampiran columns in cm on landscape A4 with 1.5 cm margins (26.7 cm of text width).
LAMPIRAN_WIDTHS = [0.9, 2.6, 3.6, 4.4, 6.0] + [0.62] * 12 + [1.76]
PERIOD_SLOTS = 12


# --- the lampiran ----------------------------------------------------------------------------


def build_lampiran(path: Path = LAMPIRAN_TEMPLATE) -> Path:
    doc = base_document(font="Arial", size=9, landscape=True, margins_cm=(1.5, 1.5, 1.5, 1.5))
    head_style = paragraph_style(
        doc, "Kepala Tabel", font="Arial", size=8, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    cell_style = paragraph_style(doc, "Isi Tabel", font="Arial", size=8)
    number_style = paragraph_style(
        doc, "Nomor Kolom", font="Arial", size=7, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    title_style = paragraph_style(
        doc, "Judul Lampiran", font="Arial", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    normal = doc.styles["Normal"]

    box_paragraph(doc, "{{ h.lampiran }}", normal)
    box_paragraph(doc, "{{ lampiran_of }}", normal)
    box_paragraph(doc, "{{ h.number }}\t:\t{{ number }}", normal, hanging=True)
    box_paragraph(doc, "{{ h.about }}\t:\t{{ about }}", normal, hanging=True)
    doc.add_paragraph()
    for i in range(3):
        doc.add_paragraph(f"{{{{ title[{i}] }}}}", style=title_style)
    doc.add_paragraph()

    n_cols = len(LAMPIRAN_WIDTHS)
    table = new_table(doc, 6, LAMPIRAN_WIDTHS, style="Table Grid")
    head, labels, numbers, loop_start, body, loop_end = table.rows
    for row in (head, labels, numbers):
        row_flag(row, "w:tblHeader")
    row_flag(body, "w:cantSplit")

    fields = ["h.no", "h.area", "h.activity", "h.sub", "h.indicator"]
    for col, name in enumerate(fields):
        merged = head.cells[col].merge(labels.cells[col])
        set_text(merged, f"{{{{ {name} }}}}", head_style)
    last = n_cols - 1
    merged = head.cells[last].merge(labels.cells[last])
    set_text(merged, "{{ h.note }}", head_style)
    for i in range(PERIOD_SLOTS):
        set_text(labels.cells[5 + i], f"{{{{ periods[{i}] }}}}", head_style)
    span = head.cells[5].merge(head.cells[5 + PERIOD_SLOTS - 1])
    set_text(span, "{{ h.periods }}", head_style)
    for col in range(n_cols):
        set_text(numbers.cells[col], f"{{{{ nums[{col}] }}}}", number_style, italic=True)
    for row in (head, labels, numbers):
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # Shade every <w:tc> of the heading rows once, vertical-merge continuations included (row.cells
    # would repeat a horizontally merged cell and skip the continuations).
    for row, fill in ((head, "D9D9D9"), (labels, "D9D9D9"), (numbers, "EFEFEF")):
        for tc in row._tr.tc_lst:
            shade_tc(tc, fill)

    tag_row(loop_start, "{%tr for row in rows %}", cell_style)
    body_fields = ["row.no", "row.area", "row.activity", "row.sub", "row.indicator"]
    for col, name in enumerate(body_fields):
        align = WD_ALIGN_PARAGRAPH.CENTER if col == 0 else None
        set_text(body.cells[col], f"{{{{ {name} }}}}", cell_style, align=align)
    for i in range(PERIOD_SLOTS):
        cell = body.cells[5 + i]
        set_text(cell, f"{{{{ row.p[{i}] }}}}", cell_style, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    set_text(body.cells[last], "{{ row.note }}", cell_style)
    tag_row(loop_end, "{%tr endfor %}", cell_style)

    doc.add_paragraph()
    center = WD_ALIGN_PARAGRAPH.CENTER
    box_paragraph(doc, "{{ sig.place_date }}", normal, align=center)
    box_paragraph(doc, "{{ sig.title }}", normal, align=center)
    for _i in range(4):
        doc.add_paragraph()
    name = box_paragraph(doc, "", normal, align=center)
    name.add_run("{{ sig.name }}").bold = True

    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.style = number_style
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("{{ page.before }}")
    add_field(footer, "PAGE")
    footer.add_run("{{ page.middle }}")
    add_field(footer, "NUMPAGES")
    footer.add_run("{{ page.after }}")

    return save_template(doc, path)


# --- the decree ------------------------------------------------------------------------------

DECREE_FONT = "Bookman Old Style"
# Portrait A4: 3 cm left, 2.5 cm right → 15.5 cm of text.
ITEM_WIDTHS = [3.2, 0.5, 0.8, 11.0]
DICTUM_WIDTHS = [3.2, 0.5, 11.8]
SIGNATURE_INDENT = Cm(8.0)


def build_decree(path: Path = DECREE_TEMPLATE) -> Path:
    doc = base_document(font=DECREE_FONT, size=12, landscape=False, margins_cm=(2.5, 2.5, 2.5, 3.0))
    normal = doc.styles["Normal"]
    heading = paragraph_style(
        doc,
        "Judul Keputusan",
        font=DECREE_FONT,
        size=12,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    body = paragraph_style(
        doc, "Isi Keputusan", font=DECREE_FONT, size=12, align=WD_ALIGN_PARAGRAPH.JUSTIFY
    )
    body.paragraph_format.space_after = Pt(4)

    doc.add_paragraph("{{ heading }}", style=heading)
    doc.add_paragraph("{{ number_line }}", style=heading)
    doc.add_paragraph(style=heading)
    doc.add_paragraph("{{ h.about }}", style=heading)
    doc.add_paragraph("{{ about }}", style=heading)
    doc.add_paragraph(style=heading)
    doc.add_paragraph("{{ issuer_line }}", style=heading)
    doc.add_paragraph()

    items = new_table(doc, 7, ITEM_WIDTHS)
    sections = (("considering", "h.considering", 0), ("observing", "h.observing", 4))
    for name, label, first in sections:
        tag_row(items.rows[first], f"{{%tr for item in {name} %}}", body)
        row = items.rows[first + 1]
        set_text(row.cells[0], f"{{% if loop.first %}}{{{{ {label} }}}}{{% endif %}}", body)
        set_text(row.cells[1], "{% if loop.first %}:{% endif %}", body)
        set_text(row.cells[2], "{{ item.marker }}", body)
        set_text(row.cells[3], "{{ item.text }}", body)
        tag_row(items.rows[first + 2], "{%tr endfor %}", body)
    tag_row(items.rows[3], "", body)  # a blank line between Menimbang and Mengingat

    doc.add_paragraph()
    doc.add_paragraph("{{ h.deciding }}", style=heading)
    doc.add_paragraph()

    dicta = new_table(doc, 3, DICTUM_WIDTHS)
    tag_row(dicta.rows[0], "{%tr for item in deciding %}", body)
    row = dicta.rows[1]
    set_text(row.cells[0], "{{ item.marker }}", body)
    set_text(row.cells[1], ":", body)
    set_text(row.cells[2], "{{ item.text }}", body)
    tag_row(dicta.rows[2], "{%tr endfor %}", body)

    doc.add_paragraph()
    for text in ("{{ h.set_at }}\t{{ sig.place }}", "{{ h.on_date }}\t{{ sig.date }}"):
        paragraph = doc.add_paragraph(text, style=normal)
        paragraph.paragraph_format.left_indent = SIGNATURE_INDENT
        paragraph.paragraph_format.tab_stops.add_tab_stop(SIGNATURE_INDENT + Cm(3.6))
    doc.add_paragraph()
    title = doc.add_paragraph("{{ sig.title }}", style=normal)
    title.paragraph_format.left_indent = SIGNATURE_INDENT
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _i in range(4):
        doc.add_paragraph()
    name = doc.add_paragraph(style=normal)
    name.paragraph_format.left_indent = SIGNATURE_INDENT
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.add_run("{{ sig.name }}").bold = True

    # "- 2 -" at the top of every page but the first, as Indonesian decrees number them.
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.add_run("- ")
    add_field(header, "PAGE")
    header.add_run(" -")

    return save_template(doc, path)


# --- the monitoring report (laporan monev) ----------------------------------------------------

# Landscape A4 with 1.5 cm margins: 26.7 cm of text width.
MONEV_FIGURE_WIDTHS = [1.0, 14.0, 5.0]
MONEV_AREA_WIDTHS = [1.0, 8.7, 3.0, 3.0, 3.0, 2.8, 2.8, 2.4]
MONEV_ROW_WIDTHS = [1.0, 4.4, 2.0, 2.0, 1.6, 2.3, 4.6, 3.2, 3.2, 2.4]
MONEV_ROW_FIELDS = [
    "row.no",
    "row.indicator",
    "row.period",
    "row.status",
    "row.progress",
    "row.value",
    "row.narrative",
    "row.obstacles",
    "row.follow_up",
    "row.review",
]
MONEV_ROW_HEADINGS = [
    "h.no",
    "h.indicator",
    "h.period",
    "h.status",
    "h.progress",
    "h.value_target",
    "h.narrative",
    "h.obstacles",
    "h.follow_up",
    "h.review",
]
MONEV_EVIDENCE_WIDTHS = [1.0, 8.0, 8.0, 3.0, 6.7]


def build_monev(path: Path = MONEV_TEMPLATE) -> Path:
    doc = base_document(font="Arial", size=9, landscape=True, margins_cm=(1.5, 1.5, 1.5, 1.5))
    head_style = paragraph_style(
        doc, "Kepala Tabel", font="Arial", size=8, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    cell_style = paragraph_style(doc, "Isi Tabel", font="Arial", size=8)
    title_style = paragraph_style(
        doc, "Judul Laporan", font="Arial", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    sub_style = paragraph_style(
        doc, "Subjudul Laporan", font="Arial", size=10, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    section_style = paragraph_style(doc, "Bagian Laporan", font="Arial", size=10, bold=True)
    section_style.paragraph_format.space_before = Pt(10)
    section_style.paragraph_format.space_after = Pt(4)
    normal = doc.styles["Normal"]

    for i in range(3):
        doc.add_paragraph(f"{{{{ title[{i}] }}}}", style=title_style)
    doc.add_paragraph("{{ period }}", style=sub_style)
    doc.add_paragraph("{{ as_of }}", style=sub_style)

    doc.add_paragraph("{{ h.summary }}", style=section_style)
    loop_table(
        doc,
        MONEV_FIGURE_WIDTHS,
        ["h.no", "h.figure", "h.value"],
        ["loop.index", "f.label", "f.value"],
        "f in figures",
        head_style,
        cell_style,
    )
    doc.add_paragraph("{{ h.areas }}", style=section_style)
    loop_table(
        doc,
        MONEV_AREA_WIDTHS,
        [
            "h.no",
            "h.area",
            "h.planned",
            "h.realised",
            "h.verified",
            "h.awaiting",
            "h.overdue",
            "h.realised_pct",
        ],
        [
            "a.no",
            "a.label",
            "a.planned",
            "a.realised",
            "a.verified",
            "a.awaiting",
            "a.overdue",
            "a.pct",
        ],
        "a in areas",
        head_style,
        cell_style,
    )
    doc.add_paragraph("{{ h.indicators }}", style=section_style)
    loop_table(
        doc,
        MONEV_ROW_WIDTHS,
        MONEV_ROW_HEADINGS,
        MONEV_ROW_FIELDS,
        "row in rows",
        head_style,
        cell_style,
    )
    doc.add_paragraph("{{ h.evidence }}", style=section_style)
    loop_table(
        doc,
        MONEV_EVIDENCE_WIDTHS,
        ["h.no", "h.evidence_name", "h.link", "h.evidence_kind", "h.evidence_cells"],
        ["e.no", "e.name", "e.link", "e.kind", "e.cells"],
        "e in evidence",
        head_style,
        cell_style,
    )

    doc.add_paragraph()
    center = WD_ALIGN_PARAGRAPH.CENTER
    box_paragraph(doc, "{{ sig.place_date }}", normal, align=center)
    box_paragraph(doc, "{{ sig.title }}", normal, align=center)
    for _i in range(4):
        doc.add_paragraph()
    name = box_paragraph(doc, "", normal, align=center)
    name.add_run("{{ sig.name }}").bold = True

    footer = doc.sections[0].footer.paragraphs[0]
    footer.style = cell_style
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("{{ page.before }}")
    add_field(footer, "PAGE")
    footer.add_run("{{ page.middle }}")
    add_field(footer, "NUMPAGES")
    footer.add_run("{{ page.after }}")
    return save_template(doc, path)


def main():
    for path in (build_lampiran(), build_decree(), build_monev()):
        print(path)


if __name__ == "__main__":
    main()
