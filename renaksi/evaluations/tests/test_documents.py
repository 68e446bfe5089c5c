import io
import zipfile

import pytest
from docx import Document
from openpyxl import load_workbook

from renaksi.evaluations.documents import document_request
from renaksi.evaluations.models import EvaluationDocument, Node
from renaksi.evaluations.services import answer_save, instrument_create, worksheet_open
from renaksi.evaluations.tests.test_worksheet import small_spec


@pytest.fixture
def worksheet(tree, people):
    instrument = instrument_create(spec=small_spec(), publish=True)
    ws = worksheet_open(
        unit=tree.bengkulu_tengah, instrument=instrument, year=2022, actor=people.sekretaris
    )
    crit = instrument.nodes.filter(kind=Node.Kind.CRITERION).order_by("position").first()
    answer_save(worksheet=ws, criterion=crit, value="Y", actor=people.sekretaris)
    return ws


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_documents_are_made_in_the_background_and_open(worksheet, people, fmt):
    doc = document_request(worksheet=worksheet, fmt_=fmt, actor=people.province_sekretaris)
    doc.refresh_from_db()  # tasks run inline in tests, after the commit
    assert doc.status == EvaluationDocument.Status.DONE, doc.error
    data = doc.file.open("rb").read()
    if fmt == "xlsx":
        ws = load_workbook(io.BytesIO(data)).active
        values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
        assert "P.1.a" in values and "Y" in values and "Jawaban" in values
        assert "A4:A5" in {str(r) for r in ws.merged_cells.ranges}
    elif fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "KPU Kabupaten Bengkulu Tengah" in text and "Pengawasan 50 % < 60 %" in text
    else:
        assert data.startswith(b"%PDF")
    assert not zipfile.is_zipfile(io.BytesIO(data)) or fmt != "pdf"
