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

import datetime
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_docx"
LAMPIRAN_TEMPLATE = TEMPLATE_DIR / "lampiran.docx"
DECREE_TEMPLATE = TEMPLATE_DIR / "keputusan.docx"
MONEV_TEMPLATE = TEMPLATE_DIR / "monev.docx"

# Lampiran columns in cm on landscape A4 with 1.5 cm margins (26.7 cm of text width).
LAMPIRAN_WIDTHS = [0.9, 2.6, 3.6, 4.4, 6.0] + [0.62] * 12 + [1.76]
PERIOD_SLOTS = 12
BOX_INDENT = Cm(18.2)  # the lampiran box and the signature sit in the right third


# --- small python-docx helpers ---------------------------------------------------------------


def _save(doc, path: Path) -> Path:
    """Save with fixed zip timestamps, so building again changes nothing that git would see."""
    buffer = io.BytesIO()
    doc.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return path


def _set_fonts(style, name: str, size: float):
    style.font.name = name
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _paragraph_style(doc, name: str, *, font: str, size: float, bold=False, align=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    _set_fonts(style, font, size)
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if align is not None:
        fmt.alignment = align
    return style


def _base_document(*, font: str, size: float, landscape: bool, margins_cm: tuple):
    doc = Document()
    normal = doc.styles["Normal"]
    _set_fonts(normal, font, size)
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    section = doc.sections[0]
    width, height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    top, right, bottom, left = margins_cm
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = section.footer_distance = Cm(1.0)
    props = doc.core_properties
    props.author = "Renaksi"
    props.last_modified_by = "Renaksi"
    props.created = props.modified = datetime.datetime(2025, 1, 1)
    props.revision = 1
    return doc


def _field(paragraph, instruction: str):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _row_flag(row, tag: str):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(tag))


def _shade(cell, fill: str):
    _shade_tc(cell._tc, fill)


def _shade_tc(tc, fill: str):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # Schema order matters to Word: <w:shd> comes before noWrap, margins and vAlign.
    tc.get_or_add_tcPr().insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def _set_text(cell, text: str, style, *, align=None, italic=False):
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.italic = italic or None
    return paragraph


def _table(doc, rows: int, widths_cm: list[float], style=None):
    table = doc.add_table(rows=rows, cols=len(widths_cm))
    if style:
        table.style = doc.styles[style]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, width in enumerate(widths_cm):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
    return table


def _tag_row(row, text: str, style):
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    _set_text(merged, text, style)


def _box_paragraph(doc, text: str, style, *, hanging: bool = False, align=None):
    paragraph = doc.add_paragraph(style=style)
    fmt = paragraph.paragraph_format
    if hanging:
        # "Nomor<TAB>:<TAB>value": the value and its wrapped lines line up after the colon.
        fmt.left_indent = BOX_INDENT + Cm(2.2)
        fmt.first_line_indent = -Cm(2.2)
        fmt.tab_stops.add_tab_stop(BOX_INDENT + Cm(1.8))
        fmt.tab_stops.add_tab_stop(BOX_INDENT + Cm(2.2))
    else:
        fmt.left_indent = BOX_INDENT
    if align is not None:
        paragraph.alignment = align
    paragraph.add_run(text)
    return paragraph


# --- the lampiran ----------------------------------------------------------------------------


def build_lampiran(path: Path = LAMPIRAN_TEMPLATE) -> Path:
    doc = _base_document(font="Arial", size=9, landscape=True, margins_cm=(1.5, 1.5, 1.5, 1.5))
    head_style = _paragraph_style(
        doc, "Kepala Tabel", font="Arial", size=8, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    cell_style = _paragraph_style(doc, "Isi Tabel", font="Arial", size=8)
    number_style = _paragraph_style(
        doc, "Nomor Kolom", font="Arial", size=7, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    title_style = _paragraph_style(
        doc, "Judul Lampiran", font="Arial", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    normal = doc.styles["Normal"]

    _box_paragraph(doc, "{{ h.lampiran }}", normal)
    _box_paragraph(doc, "{{ lampiran_of }}", normal)
    _box_paragraph(doc, "{{ h.number }}\t:\t{{ number }}", normal, hanging=True)
    _box_paragraph(doc, "{{ h.about }}\t:\t{{ about }}", normal, hanging=True)
    doc.add_paragraph()
    for i in range(3):
        doc.add_paragraph(f"{{{{ title[{i}] }}}}", style=title_style)
    doc.add_paragraph()

    n_cols = len(LAMPIRAN_WIDTHS)
    table = _table(doc, 6, LAMPIRAN_WIDTHS, style="Table Grid")
    head, labels, numbers, loop_start, body, loop_end = table.rows
    for row in (head, labels, numbers):
        _row_flag(row, "w:tblHeader")
    _row_flag(body, "w:cantSplit")

    fields = ["h.no", "h.area", "h.activity", "h.sub", "h.indicator"]
    for col, name in enumerate(fields):
        merged = head.cells[col].merge(labels.cells[col])
        _set_text(merged, f"{{{{ {name} }}}}", head_style)
    last = n_cols - 1
    merged = head.cells[last].merge(labels.cells[last])
    _set_text(merged, "{{ h.note }}", head_style)
    for i in range(PERIOD_SLOTS):
        _set_text(labels.cells[5 + i], f"{{{{ periods[{i}] }}}}", head_style)
    span = head.cells[5].merge(head.cells[5 + PERIOD_SLOTS - 1])
    _set_text(span, "{{ h.periods }}", head_style)
    for col in range(n_cols):
        _set_text(numbers.cells[col], f"{{{{ nums[{col}] }}}}", number_style, italic=True)
    for row in (head, labels, numbers):
        for cell in row.cells:
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    # Shade every <w:tc> of the heading rows once, vertical-merge continuations included (row.cells
    # would repeat a horizontally merged cell and skip the continuations).
    for row, fill in ((head, "D9D9D9"), (labels, "D9D9D9"), (numbers, "EFEFEF")):
        for tc in row._tr.tc_lst:
            _shade_tc(tc, fill)

    _tag_row(loop_start, "{%tr for row in rows %}", cell_style)
    body_fields = ["row.no", "row.area", "row.activity", "row.sub", "row.indicator"]
    for col, name in enumerate(body_fields):
        align = WD_ALIGN_PARAGRAPH.CENTER if col == 0 else None
        _set_text(body.cells[col], f"{{{{ {name} }}}}", cell_style, align=align)
    for i in range(PERIOD_SLOTS):
        cell = body.cells[5 + i]
        _set_text(cell, f"{{{{ row.p[{i}] }}}}", cell_style, align=WD_ALIGN_PARAGRAPH.CENTER)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _set_text(body.cells[last], "{{ row.note }}", cell_style)
    _tag_row(loop_end, "{%tr endfor %}", cell_style)

    doc.add_paragraph()
    center = WD_ALIGN_PARAGRAPH.CENTER
    _box_paragraph(doc, "{{ sig.place_date }}", normal, align=center)
    _box_paragraph(doc, "{{ sig.title }}", normal, align=center)
    for _i in range(4):
        doc.add_paragraph()
    name = _box_paragraph(doc, "", normal, align=center)
    name.add_run("{{ sig.name }}").bold = True

    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.style = number_style
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("{{ page.before }}")
    _field(footer, "PAGE")
    footer.add_run("{{ page.middle }}")
    _field(footer, "NUMPAGES")
    footer.add_run("{{ page.after }}")

    return _save(doc, path)


# --- the decree ------------------------------------------------------------------------------

DECREE_FONT = "Bookman Old Style"
# Portrait A4: 3 cm left, 2.5 cm right → 15.5 cm of text.
ITEM_WIDTHS = [3.2, 0.5, 0.8, 11.0]
DICTUM_WIDTHS = [3.2, 0.5, 11.8]
SIGNATURE_INDENT = Cm(8.0)


def build_decree(path: Path = DECREE_TEMPLATE) -> Path:
    doc = _base_document(
        font=DECREE_FONT, size=12, landscape=False, margins_cm=(2.5, 2.5, 2.5, 3.0)
    )
    normal = doc.styles["Normal"]
    heading = _paragraph_style(
        doc,
        "Judul Keputusan",
        font=DECREE_FONT,
        size=12,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    body = _paragraph_style(
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

    items = _table(doc, 7, ITEM_WIDTHS)
    sections = (("considering", "h.considering", 0), ("observing", "h.observing", 4))
    for name, label, first in sections:
        _tag_row(items.rows[first], f"{{%tr for item in {name} %}}", body)
        row = items.rows[first + 1]
        _set_text(row.cells[0], f"{{% if loop.first %}}{{{{ {label} }}}}{{% endif %}}", body)
        _set_text(row.cells[1], "{% if loop.first %}:{% endif %}", body)
        _set_text(row.cells[2], "{{ item.marker }}", body)
        _set_text(row.cells[3], "{{ item.text }}", body)
        _tag_row(items.rows[first + 2], "{%tr endfor %}", body)
    _tag_row(items.rows[3], "", body)  # a blank line between Menimbang and Mengingat

    doc.add_paragraph()
    doc.add_paragraph("{{ h.deciding }}", style=heading)
    doc.add_paragraph()

    dicta = _table(doc, 3, DICTUM_WIDTHS)
    _tag_row(dicta.rows[0], "{%tr for item in deciding %}", body)
    row = dicta.rows[1]
    _set_text(row.cells[0], "{{ item.marker }}", body)
    _set_text(row.cells[1], ":", body)
    _set_text(row.cells[2], "{{ item.text }}", body)
    _tag_row(dicta.rows[2], "{%tr endfor %}", body)

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
    _field(header, "PAGE")
    header.add_run(" -")

    return _save(doc, path)


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


def _loop_table(doc, widths, headings, fields, loop, head_style, cell_style):
    """A table: one heading row, then ``{%tr for … %}`` / the body row / ``{%tr endfor %}``."""
    table = _table(doc, 4, widths, style="Table Grid")
    head, start, body, end = table.rows
    _row_flag(head, "w:tblHeader")
    _row_flag(body, "w:cantSplit")
    for col, name in enumerate(headings):
        _set_text(head.cells[col], f"{{{{ {name} }}}}", head_style)
        _shade(head.cells[col], "D9D9D9")
        head.cells[col].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _tag_row(start, f"{{%tr for {loop} %}}", cell_style)
    for col, name in enumerate(fields):
        _set_text(body.cells[col], f"{{{{ {name} }}}}", cell_style)
    _tag_row(end, "{%tr endfor %}", cell_style)
    return table


def build_monev(path: Path = MONEV_TEMPLATE) -> Path:
    doc = _base_document(font="Arial", size=9, landscape=True, margins_cm=(1.5, 1.5, 1.5, 1.5))
    head_style = _paragraph_style(
        doc, "Kepala Tabel", font="Arial", size=8, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    cell_style = _paragraph_style(doc, "Isi Tabel", font="Arial", size=8)
    title_style = _paragraph_style(
        doc, "Judul Laporan", font="Arial", size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    sub_style = _paragraph_style(
        doc, "Subjudul Laporan", font="Arial", size=10, align=WD_ALIGN_PARAGRAPH.CENTER
    )
    section_style = _paragraph_style(doc, "Bagian Laporan", font="Arial", size=10, bold=True)
    section_style.paragraph_format.space_before = Pt(10)
    section_style.paragraph_format.space_after = Pt(4)
    normal = doc.styles["Normal"]

    for i in range(3):
        doc.add_paragraph(f"{{{{ title[{i}] }}}}", style=title_style)
    doc.add_paragraph("{{ period }}", style=sub_style)
    doc.add_paragraph("{{ as_of }}", style=sub_style)

    doc.add_paragraph("{{ h.summary }}", style=section_style)
    _loop_table(
        doc,
        MONEV_FIGURE_WIDTHS,
        ["h.no", "h.figure", "h.value"],
        ["loop.index", "f.label", "f.value"],
        "f in figures",
        head_style,
        cell_style,
    )
    doc.add_paragraph("{{ h.areas }}", style=section_style)
    _loop_table(
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
    _loop_table(
        doc,
        MONEV_ROW_WIDTHS,
        MONEV_ROW_HEADINGS,
        MONEV_ROW_FIELDS,
        "row in rows",
        head_style,
        cell_style,
    )
    doc.add_paragraph("{{ h.evidence }}", style=section_style)
    _loop_table(
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
    _box_paragraph(doc, "{{ sig.place_date }}", normal, align=center)
    _box_paragraph(doc, "{{ sig.title }}", normal, align=center)
    for _i in range(4):
        doc.add_paragraph()
    name = _box_paragraph(doc, "", normal, align=center)
    name.add_run("{{ sig.name }}").bold = True

    footer = doc.sections[0].footer.paragraphs[0]
    footer.style = cell_style
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("{{ page.before }}")
    _field(footer, "PAGE")
    footer.add_run("{{ page.middle }}")
    _field(footer, "NUMPAGES")
    footer.add_run("{{ page.after }}")
    return _save(doc, path)


def main():
    for path in (build_lampiran(), build_decree(), build_monev()):
        print(path)


if __name__ == "__main__":
    main()
