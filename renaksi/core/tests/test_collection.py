"""The suite collects the same test ids in every xdist worker (CI failed once when it did not)."""

import time

import pytest

from renaksi.monitoring.tests import files


@pytest.mark.parametrize("content", [files.ooxml("docx")[:30], b"\x00\x01"])
def test_bytes_parameters_are_named_by_their_position_not_their_content(request, content):
    # A generated file's bytes (or its length: an XLSX's time stamps vary it by a byte) would
    # make an id that differs between two workers.
    assert request.node.callspec.id in ("content-bytes0", "content-bytes1")


def test_generated_office_files_do_not_carry_the_time_they_were_made():
    first = files.ooxml("docx") + files.plain_zip()
    time.sleep(2.1)  # a ZIP member's time has a two-second resolution
    assert files.ooxml("docx") + files.plain_zip() == first
