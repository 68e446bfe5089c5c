"""Each criterion lists the plan indicators that feed it (mapping) and the plan cells that use
its evidence, with links, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.evaluations.models import Worksheet
from renaksi.evaluations.selectors import worksheet_report
from renaksi.evaluations.services import answer_evidence_attach, answer_save, instrument_build
from renaksi.evaluations.tests.test_worksheet import small_spec
from renaksi.monitoring.services import evidence_upload
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.monitoring.tests.test_browser import small_pdf


@pytest.fixture
def mapped_sheet(small_plan, cells, people, tree):
    spec = small_spec("T-LINK")
    spec["nodes"][0]["children"][0].update(reform_area=1, keywords="tersedianya sk")
    instrument = instrument_build(spec=spec, publish=True)
    ws = Worksheet.objects.create(unit=tree.bengkulu_tengah, instrument=instrument, year=2023)
    crit = {n.code: n for n in instrument.nodes.filter(kind="criterion")}
    return ws, crit


def _row(html: str, code: str) -> str:
    match = re.search(rf'<tr id="k-\d+" data-code="{re.escape(code)}">(.*?)</tr>', html, re.S)
    assert match, code
    return match.group(1)


def test_criterion_lists_mapped_indicators_and_cells_sharing_its_evidence(
    mapped_sheet, small_plan, cells, people, client
):
    ws, crit = mapped_sheet
    realisation = save(cells.sk, 1, people.sekretaris)
    evidence = evidence_upload(
        realisation=realisation,
        upload=upload("sk-tim.pdf", small_pdf("SK Tim")),
        actor=people.sekretaris,
    )
    answer = answer_save(worksheet=ws, criterion=crit["P.1.a"], value="Y", actor=people.sekretaris)
    answer_evidence_attach(answer=answer, evidence=evidence, actor=people.sekretaris)
    # P.2.a is mapped to nothing, but its evidence backs the same plan cell.
    other = answer_save(
        worksheet=ws, criterion=crit["P.2.a"], numbers=["2", "1"], actor=people.sekretaris
    )
    answer_evidence_attach(answer=other, evidence=evidence, actor=people.sekretaris)

    client.force_login(people.sekretaris)
    html = client.get(reverse("worksheet_detail", args=[ws.pk])).content.decode()
    indicator_url = reverse("plan_detail", args=[small_plan.pk]) + f"#indikator-{cells.sk.pk}"
    cell_url = reverse("cell_detail", args=[small_plan.pk, cells.sk.pk, 1])
    p1a = _row(html, "P.1.a")
    assert 'data-testid="plan-indicators"' in p1a
    assert indicator_url in p1a and "Tersedianya SK" in p1a
    assert "0/2 periode terverifikasi" in p1a  # months 1–2 planned, nothing verified yet
    assert cell_url in p1a and "periode 1" in p1a
    assert "SK Tim RB" not in p1a  # area 1, but the keyword does not match
    p2a = _row(html, "P.2.a")
    assert 'data-testid="plan-indicators"' not in p2a
    assert cell_url in p2a
    p1b = _row(html, "P.1.b")  # mapped through its sub-component, no evidence
    assert indicator_url in p1b and 'data-testid="evidence-cells"' not in p1b


def test_report_query_count_does_not_grow_with_criteria_or_links(mapped_sheet, cells, people):
    ws, crit = mapped_sheet
    realisation = save(cells.sk, 1, people.sekretaris)
    evidence = evidence_upload(
        realisation=realisation,
        upload=upload("sk.pdf", small_pdf("SK")),
        actor=people.sekretaris,
    )

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            worksheet_report(worksheet=ws)
        return len(ctx.captured_queries)

    counts = []
    for code, value in (("P.1.a", "Y"), ("P.1.b", "A")):
        answer = answer_save(
            worksheet=ws, criterion=crit[code], value=value, actor=people.sekretaris
        )
        answer_evidence_attach(answer=answer, evidence=evidence, actor=people.sekretaris)
        counts.append(measure())
    assert counts == [counts[0]] * 2
    assert counts[0] <= 10
