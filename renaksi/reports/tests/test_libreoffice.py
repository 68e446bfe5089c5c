"""The spreadsheet opens and prints in LibreOffice as in openpyxl (./dev test installs it)."""

import shutil
import subprocess

import pytest

from renaksi.reports.lampiran import lampiran_xlsx
from renaksi.reports.tests.helpers import pdf_pages, save_first_page_png


@pytest.mark.skipif(
    not shutil.which("soffice"), reason="LibreOffice missing (./dev test installs it)"
)
def test_it_gives_a_spreadsheet_libreoffice_can_print(seed_plan, tmp_path):
    source = tmp_path / "lampiran.xlsx"
    source.write_bytes(lampiran_xlsx(plan=seed_plan))
    subprocess.run(  # noqa: S603
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=180,
    )
    data = (tmp_path / "lampiran.pdf").read_bytes()
    save_first_page_png(data, "lampiran-seed-xlsx")
    pages = pdf_pages(data)
    assert len(pages) > 1
    assert "RENCANA AKSI REFORMASI BIROKRASI" in pages[0]
    assert "Penguatan Tatalaksana" in "".join(pages)
    # The print setup repeats the header rows on every page that carries table rows.
    table_pages = [page for page in pages if "√" in page]
    assert len(table_pages) >= len(pages) - 1
    assert all("INDIKATOR KEBERHASILAN" in page for page in table_pages)
