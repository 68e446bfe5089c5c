"""python-docx helpers for ``build_templates``: styles, tables, fields and a deterministic save.

Only the template builder uses them; the documents themselves are filled by docxtpl
(``docx_writer``).
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
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

BOX_INDENT = Cm(18.2)  # the lampiran box and the signature sit in the right third


def save_template(doc, path: Path) -> Path:
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


def set_fonts(style, name: str, size: float):
    style.font.name = name
    style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def paragraph_style(doc, name: str, *, font: str, size: float, bold=False, align=None):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles["Normal"]
    set_fonts(style, font, size)
    style.font.bold = bold
    fmt = style.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    if align is not None:
        fmt.alignment = align
    return style


def base_document(*, font: str, size: float, landscape: bool, margins_cm: tuple):
    doc = Document()
    normal = doc.styles["Normal"]
    set_fonts(normal, font, size)
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


def add_field(paragraph, instruction: str):
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when laying out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {instruction} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def row_flag(row, tag: str):
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(tag))


def shade(cell, fill: str):
    shade_tc(cell._tc, fill)


def shade_tc(tc, fill: str):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    # Schema order matters to Word: <w:shd> comes before noWrap, margins and vAlign.
    tc.get_or_add_tcPr().insert_element_before(
        shd, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"
    )


def set_text(cell, text: str, style, *, align=None, italic=False):
    paragraph = cell.paragraphs[0]
    paragraph.style = style
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.italic = italic or None
    return paragraph


def new_table(doc, rows: int, widths_cm: list[float], style=None):
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


def tag_row(row, text: str, style):
    merged = row.cells[0].merge(row.cells[-1]) if len(row.cells) > 1 else row.cells[0]
    set_text(merged, text, style)


def box_paragraph(doc, text: str, style, *, hanging: bool = False, align=None):
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


def loop_table(doc, widths, headings, fields, loop, head_style, cell_style):
    """A table: one heading row, then ``{%tr for … %}`` / the body row / ``{%tr endfor %}``."""
    table = new_table(doc, 4, widths, style="Table Grid")
    head, start, body, end = table.rows
    row_flag(head, "w:tblHeader")
    row_flag(body, "w:cantSplit")
    for col, name in enumerate(headings):
        set_text(head.cells[col], f"{{{{ {name} }}}}", head_style)
        shade(head.cells[col], "D9D9D9")
        head.cells[col].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    tag_row(start, f"{{%tr for {loop} %}}", cell_style)
    for col, name in enumerate(fields):
        set_text(body.cells[col], f"{{{{ {name} }}}}", cell_style)
    tag_row(end, "{%tr endfor %}", cell_style)
    return table
