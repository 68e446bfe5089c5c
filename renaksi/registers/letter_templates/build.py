"""Writes the built-in letter templates (run once; the .docx files are kept in the repository).

``python -m renaksi.registers.letter_templates.build``
"""

from pathlib import Path

from docx import Document
from docx.shared import Pt

HEAD = ["{{ unit_name }}", "Nomor register: {{ number }}", "{{ place }}, {{ date }}", ""]
TO = ["Yth. {{ requester_name }}", "{{ contact }}", ""]

BODIES = {
    "pemberitahuan": [
        "Menjawab permohonan informasi publik Saudara yang kami terima pada {{ received_on }} "
        "tentang:",
        "{{ information }}",
        "dengan ini kami beritahukan bahwa permohonan Saudara: {{ decision }}.",
        "{% if exemption_article %}Informasi yang dikecualikan berdasarkan: "
        "{{ exemption_article }}.{% endif %}",
        "{{ decision_note }}",
        "Apabila Saudara keberatan atas jawaban ini, Saudara dapat mengajukan keberatan kepada "
        "Atasan PPID paling lambat 30 hari kerja sejak pemberitahuan ini diterima "
        "(UU 14/2008 Pasal 35–36).",
    ],
    "perpanjangan": [
        "Permohonan informasi publik Saudara yang kami terima pada {{ received_on }} tentang:",
        "{{ information }}",
        "belum dapat kami jawab dalam 10 hari kerja. Sesuai Pasal 22 ayat (8) UU 14/2008, jangka "
        "waktu pemberitahuan tertulis kami perpanjang paling lama 7 hari kerja, dengan alasan:",
        "{{ extension_reason }}",
    ],
    "tanggapan-keberatan": [
        "Menanggapi keberatan Saudara atas permohonan informasi yang kami terima pada "
        "{{ received_on }}, dengan alasan {{ objection_ground }}, Atasan PPID menyampaikan:",
        "{{ objection_answer }}",
        "Apabila Saudara tidak puas dengan tanggapan ini, Saudara dapat mengajukan sengketa "
        "informasi kepada Komisi Informasi paling lambat 14 hari kerja sejak tanggapan ini "
        "diterima (UU 14/2008 Pasal 37).",
    ],
}


def build(target: Path) -> None:
    for kind, body in BODIES.items():
        doc = Document()
        doc.styles["Normal"].font.name = "Arial"
        doc.styles["Normal"].font.size = Pt(11)
        for line in HEAD:
            doc.add_paragraph(line)
        doc.add_heading("{{ title }}", level=1)
        for line in TO + body:
            doc.add_paragraph(line)
        doc.add_paragraph("")
        doc.add_paragraph("Pejabat Pengelola Informasi dan Dokumentasi")
        doc.add_paragraph("{{ unit_name }}")
        doc.save(target / f"{kind}.docx")


if __name__ == "__main__":
    build(Path(__file__).resolve().parent)
