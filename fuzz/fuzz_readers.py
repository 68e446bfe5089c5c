"""Coverage-guided fuzzing (atheris / libFuzzer) of every plan reader.

Smoke mode runs in the test suite (renaksi/core/tests/test_fuzz_smoke.py). Long mode, by hand:

    .venv/bin/python fuzz/fuzz_readers.py text -max_total_time=600 fuzz/corpus-text
    .venv/bin/python fuzz/fuzz_readers.py json -max_total_time=600
    .venv/bin/python fuzz/fuzz_readers.py table -max_total_time=600
    .venv/bin/python fuzz/fuzz_readers.py csv -max_total_time=600
    .venv/bin/python fuzz/fuzz_readers.py xlsx -max_total_time=600
    .venv/bin/python fuzz/fuzz_readers.py docx -max_total_time=600

``xlsx`` and ``docx`` put the fuzzed bytes inside a valid workbook or document (as its sheet,
shared strings, styles, document body or content types), so the Office readers get past the zip
and meet hostile XML; ``csv`` feeds them to the table reader and the column guesser directly.
A reader may refuse input only with its documented error (PlanParseError, InterchangeError,
PlanWriteError); any other exception is a crash that libFuzzer reports with the input that caused
it (saved as crash-<hash> in the current folder).
"""

import io
import os
import sys
import zipfile

import atheris

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()
# Instrument only our own code: instrumenting Django too would make every run far slower.
with atheris.instrument_imports(include=["renaksi"]):
    # The services import the table readers inside functions; load them here so they are
    # instrumented too (otherwise libFuzzer sees no coverage in them and cannot steer).
    import renaksi.plans.importers.table  # noqa: F401
    from renaksi.plans.importers.seed_text import PlanParseError, parse_decree_text
    from renaksi.plans.interchange import InterchangeError, parsed_from_json_bytes
    from renaksi.plans.services import PlanWriteError, plan_parse_file


def fuzz_text(data: bytes):
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        parse_decree_text(text)
    except PlanParseError:
        pass


def fuzz_json(data: bytes):
    try:
        parsed_from_json_bytes(data)
    except InterchangeError:
        pass


def fuzz_table(data: bytes):
    """Whatever the upload path makes of the bytes (XLSX, CSV, DOCX, text or JSON)."""
    try:
        plan_parse_file(filename="fuzz.bin", data=data)
    except PlanWriteError:
        pass


def _office_file(kind: str) -> bytes:
    """A small valid XLSX or DOCX plan table, the host for the fuzzed member."""
    head = ["Kegiatan", "Sub Kegiatan", "Indikator", "Jan", "Feb"]
    row = ["1. Perencanaan", "1. Pembentukan tim", "SK tim", "v", ""]
    buffer = io.BytesIO()
    if kind == "xlsx":
        import xlsxwriter

        book = xlsxwriter.Workbook(buffer, {"in_memory": True})
        ws = book.add_worksheet()
        for r, values in enumerate([head, row]):
            for c, text in enumerate(values):
                ws.write_string(r, c, text)
        book.close()
    else:
        import docx

        document = docx.Document()
        table = document.add_table(rows=2, cols=len(head))
        for r, values in enumerate([head, row]):
            for c, text in enumerate(values):
                table.cell(r, c).text = text
        document.save(buffer)
    return buffer.getvalue()


OFFICE = {kind: _office_file(kind) for kind in ("xlsx", "docx")}
MEMBERS = {
    "xlsx": [
        "xl/worksheets/sheet1.xml",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
        "xl/workbook.xml",
        "[Content_Types].xml",
    ],
    "docx": ["word/document.xml", "word/styles.xml", "[Content_Types].xml"],
}


XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
CELL_TYPES = ["inlineStr", "str", "n", "b", "e", "s", "d", "x"]


def _cell_ref(fdp) -> str:
    col = "".join(
        chr(65 + fdp.ConsumeIntInRange(0, 25)) for _ in range(fdp.ConsumeIntInRange(1, 4))
    )
    return f"{col}{fdp.ConsumeIntInRange(0, 1_100_000)}"


def _sheet_xml(fdp) -> bytes:
    """A worksheet of fuzzed rows, cells (any type, any reference) and merged ranges."""
    rows = []
    for r in range(fdp.ConsumeIntInRange(0, 12)):
        cells = []
        for _c in range(fdp.ConsumeIntInRange(0, 8)):
            ref = _cell_ref(fdp) if fdp.ConsumeBool() else ""
            kind = CELL_TYPES[fdp.ConsumeIntInRange(0, len(CELL_TYPES) - 1)]
            text = fdp.ConsumeUnicodeNoSurrogates(40).translate(XML_TEXT)
            attrs = (f' r="{ref}"' if ref else "") + f' t="{kind}"'
            if fdp.ConsumeBool():
                attrs += f' s="{fdp.ConsumeIntInRange(0, 70000)}"'
            body = f"<is><t>{text}</t></is>" if kind == "inlineStr" else f"<v>{text}</v>"
            cells.append(f"<c{attrs}>{body}</c>")
        rows.append(f'<row r="{fdp.ConsumeIntInRange(0, 30000) or r + 1}">{"".join(cells)}</row>')
    merges = "".join(
        f'<mergeCell ref="{_cell_ref(fdp)}:{_cell_ref(fdp)}"/>'
        for _m in range(fdp.ConsumeIntInRange(0, 4))
    )
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{''.join(rows)}</sheetData>"
        + (f"<mergeCells>{merges}</mergeCells>" if merges else "")
        + "</worksheet>"
    ).encode()


def _document_xml(fdp) -> bytes:
    """A Word body with one table of fuzzed cells, column spans and vertical merges."""
    rows = []
    for _r in range(fdp.ConsumeIntInRange(0, 10)):
        cells = []
        for _c in range(fdp.ConsumeIntInRange(0, 8)):
            props = ""
            if fdp.ConsumeBool():
                props += f'<w:gridSpan w:val="{fdp.ConsumeIntInRange(-5, 10**9)}"/>'
            if fdp.ConsumeBool():
                props += ["<w:vMerge/>", '<w:vMerge w:val="restart"/>', '<w:vMerge w:val="x"/>'][
                    fdp.ConsumeIntInRange(0, 2)
                ]
            text = fdp.ConsumeUnicodeNoSurrogates(40).translate(XML_TEXT)
            cells.append(
                f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
            )
        rows.append(f"<w:tr>{''.join(cells)}</w:tr>")
    return (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:tbl>{''.join(rows)}</w:tbl></w:body></w:document>"
    ).encode()


def _with_member(kind: str, data: bytes) -> bytes:
    fdp = atheris.FuzzedDataProvider(data)
    if fdp.ConsumeBool():  # a well-formed but hostile sheet or table
        member = MEMBERS[kind][0]
        body = _sheet_xml(fdp) if kind == "xlsx" else _document_xml(fdp)
    else:  # any bytes in any part
        member = MEMBERS[kind][fdp.ConsumeIntInRange(0, len(MEMBERS[kind]) - 1)]
        body = fdp.ConsumeBytes(fdp.remaining_bytes())
    source = zipfile.ZipFile(io.BytesIO(OFFICE[kind]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, body if info.filename == member else source.read(info))
    return out.getvalue()


def fuzz_csv(data: bytes):
    try:
        plan_parse_file(filename="fuzz.csv", data=data)
    except PlanWriteError:
        pass


def fuzz_xlsx(data: bytes):
    try:
        plan_parse_file(filename="fuzz.xlsx", data=_with_member("xlsx", data))
    except PlanWriteError:
        pass


def fuzz_docx(data: bytes):
    try:
        plan_parse_file(filename="fuzz.docx", data=_with_member("docx", data))
    except PlanWriteError:
        pass


_PDF_SEED = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n"
)


def fuzz_pdf(data: bytes):
    """A PDF whose page content stream (lines, text) and trailer come from the fuzzer."""
    body = _PDF_SEED + b"4 0 obj<</Length %d>>stream\n" % len(data) + data
    body += b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"
    try:
        plan_parse_file(filename="fuzz.pdf", data=body)
    except PlanWriteError:
        pass


TARGETS = {
    "pdf": fuzz_pdf,
    "text": fuzz_text,
    "json": fuzz_json,
    "table": fuzz_table,
    "csv": fuzz_csv,
    "xlsx": fuzz_xlsx,
    "docx": fuzz_docx,
}

if __name__ == "__main__":
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "text"
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()
