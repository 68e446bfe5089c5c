"""Coverage-guided fuzzing (atheris / libFuzzer) of every plan reader.

Smoke mode runs in the test suite (renaksi/core/tests/test_fuzz_smoke.py). Long mode, by hand:

    .venv/bin/python fuzz/fuzz_readers.py text -max_total_time=600 fuzz/corpus-text
    .venv/bin/python fuzz/fuzz_readers.py json -max_total_time=600
    .venv/bin/python fuzz/fuzz_readers.py table -max_total_time=600

A reader may refuse input only with its documented error (PlanParseError, InterchangeError,
PlanWriteError); any other exception is a crash that libFuzzer reports with the input that caused
it (saved as crash-<hash> in the current folder).
"""

import os
import sys

import atheris

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renaksi.settings")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import django  # noqa: E402

django.setup()
# Instrument only our own code: instrumenting Django too would make every run far slower.
with atheris.instrument_imports(include=["renaksi"]):
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


TARGETS = {"text": fuzz_text, "json": fuzz_json, "table": fuzz_table}

if __name__ == "__main__":
    target = sys.argv.pop(1) if len(sys.argv) > 1 and sys.argv[1] in TARGETS else "text"
    atheris.Setup(sys.argv, TARGETS[target])
    atheris.Fuzz()
