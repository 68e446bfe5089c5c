"""Rebuilding the Word templates gives the committed files byte for byte."""

from __future__ import annotations

import pytest

from renaksi.reports import build_templates


@pytest.mark.parametrize(
    ("build", "committed"),
    [
        (build_templates.build_lampiran, build_templates.LAMPIRAN_TEMPLATE),
        (build_templates.build_decree, build_templates.DECREE_TEMPLATE),
        (build_templates.build_monev, build_templates.MONEV_TEMPLATE),
    ],
)
def test_rebuilding_a_template_changes_nothing(build, committed, tmp_path):
    rebuilt = build(tmp_path / committed.name)

    assert rebuilt.read_bytes() == committed.read_bytes()
