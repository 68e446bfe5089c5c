import io
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_it_writes_the_lampiran_from_the_command_line(small_plan, tmp_path, fmt):
    out = tmp_path / f"lampiran.{fmt}"
    call_command("export_plan", unit="17.09", year=2023, format=fmt, output=str(out))
    data = out.read_bytes()
    if fmt == "pdf":
        assert data.startswith(b"%PDF-")
    else:
        assert zipfile.is_zipfile(io.BytesIO(data))
    if fmt == "xlsx":
        texts = {c.value for row in load_workbook(out).active.iter_rows() for c in row}
        assert "Tersedianya SK" in " ".join(str(t) for t in texts if t)
