"""``python typst_child.py FOLDER [FONT_DIR ...]``: FOLDER/main.typ → out.pdf.

Run by ``typst_writer.typst_pdf`` in a child process; imports nothing but the binding
(run as a script, not as a module of the package, so not even ``renaksi``).
"""

from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import typst

    folder = Path(argv[0])
    pdf = typst.compile(
        str(folder / "main.typ"),
        root=str(folder),
        font_paths=argv[1:],
        ignore_system_fonts=True,
        pdf_tags=False,  # as WeasyPrint's PDFs: a tenth of the bytes, 15 MB less memory
    )
    (folder / "out.pdf").write_bytes(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
