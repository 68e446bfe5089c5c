"""Hand-made hostile files for every importer: refused with a clear Indonesian message, or read
cleanly; never a crash, never a partial write, never unbounded memory.

The random inputs are in test_hostile_input.py (hypothesis) and fuzz/fuzz_readers.py (atheris);
these are the known-bad shapes: zip bombs (honest and lying headers), broken Office XML, enormous
cells, numbers too long to convert, NUL and lone surrogates (which PostgreSQL refuses to store),
and odd file names on the import page.
"""

import io
import json
import re
import struct
import time
import tracemalloc
import zipfile

import docx
import pytest
import xlsxwriter

from renaksi.audit.models import AuditEvent
from renaksi.conftest import SEED_FILE
from renaksi.plans.importers.table.grid import MAX_CELL_CHARS
from renaksi.plans.models import Area, Decree, ImportReport, Indicator, Plan
from renaksi.plans.services import PlanWriteError, plan_import_file, plan_parse_file

HEAD = ["Kegiatan", "Sub Kegiatan", "Indikator", "Jan", "Feb"]


def xlsx_table(indicator: str = "SK tim tersedia") -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for col, text in enumerate(HEAD):
        ws.write_string(0, col, text)
    for col, text in enumerate(["1. Perencanaan", "1. Pembentukan tim", indicator, "v"]):
        ws.write_string(1, col, text)
    book.close()
    return buffer.getvalue()


def docx_table(indicator: str = "SK tim tersedia") -> bytes:
    document = docx.Document()
    table = document.add_table(rows=2, cols=len(HEAD))
    for col, text in enumerate(HEAD):
        table.cell(0, col).text = text
    for col, text in enumerate(["1. Perencanaan", "1. Pembentukan tim", indicator, "v"]):
        table.cell(1, col).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def replaced(data: bytes, member: str, content: bytes) -> bytes:
    """The Office file with one member's bytes replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = content if info.filename == member else source.read(info.filename)
            target.writestr(info.filename, body)
    return out.getvalue()


def lying_sizes(data: bytes, member: str, size: int = 1000) -> bytes:
    """The zip with ``member``'s uncompressed size rewritten (local and central headers)."""
    raw = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(member)
    struct.pack_into("<I", raw, info.header_offset + 22, size)
    at = raw.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        if raw[at + 46 : at + 46 + name_len] == member.encode():
            struct.pack_into("<I", raw, at + 24, size)
        at = raw.find(b"PK\x01\x02", at + 4)
    return bytes(raw)


def many_members(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(count):
            archive.writestr(f"xl/kosong{i}.xml", "")
    return out.getvalue()


def json_plan(**indicator) -> bytes:
    ind = {"text": "SK tim", "periods": [1], **indicator}
    return json.dumps(
        {"areas": [{"name": "Area", "activities": [{"name": "Kegiatan", "indicators": [ind]}]}]}
    ).encode()


def seed_with_nul() -> bytes:
    """The seed with a NUL inside an indicator (past the first 4 KiB, so it reads as text)."""
    text = SEED_FILE.read_text(encoding="utf-8")
    return text.replace("persentase pelaporan LHKPN", "persentase pela\x00poran LHKPN").encode()


def xlsx_with_nul_escape() -> bytes:
    """An XLSX whose shared string holds "_x0000_", the escape Office writes for a NUL."""
    data = xlsx_table("SK tim")
    sst = zipfile.ZipFile(io.BytesIO(data)).read(SHARED_STRINGS)
    return replaced(data, SHARED_STRINGS, sst.replace(b"SK tim", b"SK_x0000_ tim"))


def with_merges(data: bytes, refs: list[str]) -> bytes:
    """The XLSX with merged ranges written into its sheet."""
    sheet = "xl/worksheets/sheet1.xml"
    xml = zipfile.ZipFile(io.BytesIO(data)).read(sheet)
    cells = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    merged = f'</sheetData><mergeCells count="{len(refs)}">{cells}</mergeCells>'.encode()
    return replaced(data, sheet, xml.replace(b"</sheetData>", merged))


def tall_xlsx(rows: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for col, text in enumerate(HEAD):
        ws.write_string(0, col, text)
    for row in range(1, rows):
        ws.write_string(row, 0, "1. Perencanaan")
        ws.write_string(row, 2, f"Indikator {row}")
        ws.write_string(row, 3, "v")
    book.close()
    return buffer.getvalue()


def xlsx_with_a_far_cell() -> bytes:
    """A 5 KB workbook with one more cell in Excel's very last row (1,048,576)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet()
    for col, text in enumerate(HEAD):
        ws.write_string(0, col, text)
    ws.write_string(1, 2, "SK tim")
    ws.write_string(1_048_575, 2, "jauh sekali")
    book.close()
    return buffer.getvalue()


def docx_with_grid_span(span: int) -> bytes:
    data = docx_table()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    xml = re.sub(rb"(<w:tcW[^>]*/>)", rb'\1<w:gridSpan w:val="%d"/>' % span, xml, count=1)
    return replaced(data, "word/document.xml", xml)


MB = 1024 * 1024
SHARED_STRINGS = "xl/sharedStrings.xml"
BIG_XML = b"<sst>" + b"A" * (80 * MB) + b"</sst>"


def _pdf_pages(count: int) -> bytes:
    """A valid PDF of ``count`` empty pages, a few KB whatever the count."""
    import pypdfium2

    doc = pypdfium2.PdfDocument.new()
    for _i in range(count):
        doc.new_page(200, 200)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _pdf_encrypted() -> bytes:
    """A PDF whose trailer says it is encrypted with a password nobody gave."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"5 0 obj<</Filter/Standard/V 2/R 3/Length 128/O(0123456789abcdef0123456789abcdef)"
        b"/U(0123456789abcdef0123456789abcdef)/P -44>>endobj\n"
        b"trailer<</Root 1 0 R/Encrypt 5 0 R/ID[<00><00>]>>\n%%EOF"
    )


def _pdf_bomb(inflated: int = 500 * MB) -> bytes:
    """One page whose content stream inflates to ``inflated`` bytes of blanks."""
    import zlib

    packer = zlib.compressobj(9)
    block = b" " * MB
    stream = b"".join(packer.compress(block) for _i in range(inflated // MB)) + packer.flush()
    head = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n"
        b"4 0 obj<</Length " + str(len(stream)).encode() + b"/Filter/FlateDecode>>stream\n"
    )
    return head + stream + b"\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF"


REFUSED = [
    ("pdf-inflates-to-500-mb", "bom.pdf", _pdf_bomb(), "terlalu besar setelah dibuka"),
    ("pdf-broken", "rusak.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100, "rusak"),
    ("pdf-5000-pages", "tebal.pdf", _pdf_pages(5000), "terlalu banyak halamannya"),
    ("pdf-encrypted", "kunci.pdf", _pdf_encrypted(), "PDF"),
    # (label, file name, bytes, words the message must contain)
    (
        "xlsx-bomb",
        "bom.xlsx",
        replaced(xlsx_table(), SHARED_STRINGS, BIG_XML),
        "terlalu besar setelah dibuka",
    ),
    (
        "docx-bomb",
        "bom.docx",
        replaced(docx_table(), "word/document.xml", b"<w:document>" + b" " * 60 * MB + b"</w:d>"),
        "terlalu besar setelah dibuka",
    ),
    (
        "xlsx-bomb-lying-header",
        "bohong.xlsx",
        lying_sizes(replaced(xlsx_table(), SHARED_STRINGS, BIG_XML), SHARED_STRINGS),
        "Buku kerja Excel tidak dapat dibaca",
    ),
    ("zip-of-2500-members", "banyak.xlsx", many_members(2500), "terlalu besar setelah dibuka"),
    (
        "xlsx-overlapping-merges",
        "gabung.xlsx",
        with_merges(tall_xlsx(600), ["A2:XFD600"] * 200),
        "terlalu banyak sel gabungan",
    ),
    (
        "xlsx-merge-with-a-bogus-column",
        "kolom.xlsx",
        with_merges(xlsx_table(), ["A1:ZZZZ9"]),
        "Buku kerja Excel tidak dapat dibaca",
    ),
    (
        "xlsx-one-cell-in-the-last-row",
        "jauh.xlsx",
        xlsx_with_a_far_cell(),
        "terlalu banyak baris",
    ),
    (
        "csv-two-million-empty-lines",
        "kosong.csv",
        f"{';'.join(HEAD)}\n".encode() + b"\n" * (2 * MB - 100),
        "terlalu banyak baris",
    ),
    (
        "docx-grid-span-of-100-million",
        "lebar.docx",
        docx_with_grid_span(100_000_000),
        "terlalu banyak kolom",
    ),
    (
        "xlsx-broken-sheet-xml",
        "rusak.xlsx",
        replaced(xlsx_table(), "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c"),
        "Buku kerja Excel tidak dapat dibaca",
    ),
    (
        "xlsx-missing-shared-strings",
        "hilang.xlsx",
        replaced(xlsx_table(), SHARED_STRINGS, b"<sst/>"),
        "Buku kerja Excel tidak dapat dibaca",
    ),
    (
        "docx-broken-xml",
        "rusak.docx",
        replaced(docx_table(), "word/document.xml", b"<w:document><w:body"),
        "Dokumen Word tidak dapat dibaca",
    ),
    (
        "xlsx-enormous-cell",
        "sel.xlsx",
        xlsx_table("X" * 30_000),
        "terlalu panjang",
    ),
    ("docx-enormous-cell", "sel.docx", docx_table("Y" * 200_000), "terlalu panjang"),
    (
        "csv-enormous-cell",
        "sel.csv",
        ("\n".join([";".join(HEAD), f"1. A;1. B;{'Z' * 1_500_000};v"])).encode(),
        "terlalu panjang",
    ),
    (
        "json-5000-digit-number",
        "angka.json",
        json_plan(target="BIG").replace(b'"BIG"', b"9" * 5000),
        "terlalu panjang",
    ),
    ("json-5000-digit-period", "periode.json", json_plan(periods=["9" * 5000]), "periode"),
    ("json-superscript-period", "periode2.json", json_plan(periods=["²"]), "periode"),
    ("json-huge-exponent", "pangkat.json", json_plan(target="1e99999999"), "angka"),
    ("json-nan", "nan.json", json_plan(target="NaN"), "angka"),
    ("json-nested-100000", "dalam.json", b"[" * 100_000 + b"]" * 100_000, "bersarang"),
    ("json-latin1", "latin.json", '{"areas": [{"name": "é"}]}'.encode("latin-1"), "UTF-8"),
    ("json-utf16", "utf16.json", '{"areas": []}'.encode("utf-16"), "bukan teks"),
    ("csv-nul", "nul.csv", f"{';'.join(HEAD)}\n1. A;1. B;SK\x00 tim;v\n".encode(), "bukan teks"),
]


def _fingerprint():
    return (
        Plan.objects.count(),
        Decree.objects.count(),
        Area.objects.count(),
        Indicator.objects.count(),
        ImportReport.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("name", "data", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED]
)
def test_it_refuses_a_hostile_file_clearly_in_bounded_memory(tree, people, name, data, words):
    assert len(data) < 2 * MB  # every one of them passes the upload size limit
    before = _fingerprint()
    started = time.perf_counter()
    tracemalloc.start()
    try:
        with pytest.raises(PlanWriteError) as refused:
            plan_import_file(
                unit=tree.bengkulu_tengah,
                year=2024,
                filename=name,
                data=data,
                actor=people.sekretaris,
            )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    message = str(refused.value)
    assert message.startswith(f"Berkas {name}") and words in message, message
    assert _fingerprint() == before
    # The honest 80 MB bomb is refused from its headers; the lying one from its checksum; the
    # enormous cells and digits before they are copied around: never near the bomb's size.
    assert peak < 40 * MB, f"{peak / MB:.1f} MB"
    # And in bounded time (the far cell once took 21 s; each takes well under 2 s now).
    assert time.perf_counter() - started < 15


READ_CLEANLY = [
    # Texts PostgreSQL cannot store (NUL, lone surrogates) or markup: cleaned, then stored.
    ("json-nul", "nul.json", json_plan(text="SK\x00 tim"), "SK tim"),
    ("json-lone-surrogate", "sur.json", json_plan(text="SK \ud800tim"), "SK \ufffdtim"),
    ("json-duplicate-keys", "dup.json", b'{"areas": [], ' + json_plan()[1:], "SK tim"),
    # openpyxl keeps Office's NUL escape as the literal text: nothing unstorable comes through.
    ("xlsx-nul-escape", "nul.xlsx", xlsx_with_nul_escape(), "SK_x0000_ tim"),
    ("docx-plain", "biasa.docx", docx_table("SK tim"), "SK tim"),
    ("text-nul-in-a-cell", "nul.txt", seed_with_nul(), None),
]


@pytest.mark.parametrize(
    ("name", "data", "text"), [r[1:] for r in READ_CLEANLY], ids=[r[0] for r in READ_CLEANLY]
)
def test_it_cleans_what_the_database_cannot_store_and_imports_it(tree, people, name, data, text):
    plan = plan_import_file(
        unit=tree.bengkulu_tengah, year=2024, filename=name, data=data, actor=people.sekretaris
    )
    texts = list(Indicator.objects.filter(activity__area__plan=plan).values_list("text", flat=True))
    assert texts
    assert not any("\x00" in t for t in texts)
    if text is not None:
        assert texts == [text]


def test_it_spreads_a_whole_sheet_merge_only_over_the_table_that_exists():
    # Found by this suite: "A2:XFD1048576" over 3,000 rows once took 105 s and 385 MB.
    data = with_merges(tall_xlsx(3000), ["A2:XFD1048576"])
    assert len(data) < 100 * 1024
    tracemalloc.start()
    try:
        parsed, source_format = plan_parse_file(filename="gabung.xlsx", data=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert source_format == "xlsx" and len(list(parsed.iter_indicators())) == 2999
    assert peak < 60 * MB, f"{peak / MB:.1f} MB"


def test_it_caps_a_table_cell_at_a_length_no_real_plan_needs():
    assert 2_000 <= MAX_CELL_CHARS <= 10_000


@pytest.mark.parametrize(
    ("upload_name", "stored_name"),
    [
        ("../../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("<script>alert(1)</script>.txt", None),
        ("a" * 300 + ".txt", None),
        ("CON.txt", "CON.txt"),
        ("rencana aksi (final) – revisi.txt", "rencana aksi (final) – revisi.txt"),
    ],
)
def test_it_takes_an_odd_file_name_on_the_import_page_as_a_plain_label(
    client, tree, people, upload_name, stored_name, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people.sekretaris)
    upload = SimpleUploadedFile(upload_name, SEED_FILE.read_bytes(), "text/plain")
    response = client.post(
        "/rencana/impor/", {"unit": tree.bengkulu_tengah.pk, "year": 2022, "file": upload}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    report = ImportReport.objects.get()
    assert "/" not in report.source_name and "\\" not in report.source_name
    assert len(report.source_name) <= 255
    if stored_name is not None:
        assert report.source_name == stored_name
    # Shown escaped on the plan page, never as markup.
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)" not in html
    # Nothing was written to disk under the uploaded name (the import keeps no file).
    assert not list(tmp_path.rglob("passwd*")) and not list(tmp_path.rglob("*.ini*"))
