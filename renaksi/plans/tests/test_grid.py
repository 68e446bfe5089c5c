"""The plan page's grid stays compact (issue 19, "Fewer bytes"): a byte budget for the seed plan.

The seed decree (KPU Kabupaten Bengkulu Tengah 2022: 168 indicators × 12 months, 964 scheduled
cells, each with a state and a link, since 2022 is past) is the size of a real plan. Here its
page was 402,905 B of HTML for the Sekretaris and 296,529 B for a reader before the grid was made
compact; the budgets below fail the test if the per-cell markup grows back.
"""

import gzip
import re

import pytest
from django.urls import reverse

# Measured at 177,864 B (Sekretaris: edit links and the import report's 127 findings) and
# 103,658 B (reader); 3–5 % above, so three more bytes per cell (× 2,136 cells) fail.
SEKRETARIS_BUDGET = 183_500
READER_BUDGET = 109_000
WIRE_BUDGET = 40_000  # gzip, the issue's own target


def _page(client, user, plan, **headers):
    client.force_login(user)
    response = client.get(reverse("plan_detail", args=[plan.pk]), **headers)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("who", "budget"), [("sekretaris", SEKRETARIS_BUDGET), ("viewer", READER_BUDGET)]
)
def test_it_keeps_the_seed_plan_page_within_its_byte_budget(client, people, seed_plan, who, budget):
    user = getattr(people, who)
    html = _page(client, user, seed_plan).content
    assert html.count(b'<tr id="indikator-') == 168  # the whole plan is there
    assert html.count(b'<a href="sel/') == 964  # every scheduled cell links to its page
    assert len(html) <= budget, f"{who}: {len(html):,} B of HTML, budget {budget:,} B"
    wire = _page(client, user, seed_plan, HTTP_ACCEPT_ENCODING="gzip")
    # The same page (its CSRF token masked afresh, of the same length), gzipped on the wire.
    assert wire["Content-Encoding"] == "gzip" and len(gzip.decompress(wire.content)) == len(html)
    assert len(wire.content) <= WIRE_BUDGET


def test_it_prints_the_legend_once_and_no_state_words_in_the_cells(client, people, seed_plan):
    html = _page(client, people.viewer, seed_plan).content.decode()
    assert html.count('data-testid="cell-legend"') == 1
    legend = html.split('data-testid="cell-legend"')[1].split("</div>")[0]
    assert "Lewat tenggat, belum diajukan (964)" in re.sub("<[^>]+>", "", legend)
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    # A cell is its state's class and its link; its words come from the legend and the headers.
    assert "title=" not in body and "Lewat tenggat" not in body and "Desember" not in body
    assert "  " not in body and "\n\n" not in body  # no indentation or blank lines in the rows
    cells = re.findall(r"<td[^>]*><a href=\"sel/[^\"]+\">[^<]*</a></td>", body)
    assert len(cells) == 964 and cells[0].startswith('<td class="missed">')
