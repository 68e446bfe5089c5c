"""Every main page speaks one language: no raw event code in Indonesian, and no Indonesian UI
string left in English (checked over the rendered pages of the main routes)."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from renaksi.audit.models import AuditEvent
from renaksi.chain.services import monitoring_report_return, monitoring_report_submit
from renaksi.chain.tests.conftest import fast_pdf  # noqa: F401
from renaksi.monitoring.services import (
    evidence_upload,
    realisation_return,
    realisation_submit,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.conftest import save
from renaksi.monitoring.tests.files import upload
from renaksi.plans.models import Indicator
from renaksi.reports.services import report_job_request


class _Text(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _entries(path: Path):
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        refs = " ".join(line[3:] for line in block.splitlines() if line.startswith("#: "))
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        msgstr = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if msgid and msgstr:
            yield (
                refs,
                "".join(re.findall(r'"(.*)"', msgid.group(1))),
                "".join(re.findall(r'"(.*)"', msgstr.group(1))),
            )


def indonesian_ui_strings() -> set[str]:
    """Whole sentences of the templates that have an English translation (data such as area
    names is Indonesian in both languages and is not checked)."""
    root = Path(settings.BASE_DIR)
    found = set()
    for path in [
        root / "locale/en/LC_MESSAGES/django.po",
        *root.glob("renaksi/*/locale/en/LC_MESSAGES/django.po"),
    ]:
        for refs, msgid, msgstr in _entries(path):
            if "templates/" not in refs or not msgstr or msgstr == msgid:
                continue
            if "%" in msgid or "<" in msgid or "\\" in msgid or len(msgid) < 20:
                continue
            found.add(msgid)
    return found


@pytest.fixture
def scene(people, cells, small_plan, fast_pdf):  # noqa: F811
    Indicator.objects.filter(pk=cells.ppid.pk).update(pic=people.pelaksana)
    r = save(cells.sk, 1, people.pelaksana, narrative="Rapat sudah")
    evidence_upload(realisation=r, upload=upload("sk.pdf", files.PDF), actor=people.pelaksana)
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    realisation_return(realisation=r, actor=people.asesor, note="Tanda tangan belum ada")
    realisation_submit(realisation=save(cells.ppid, 1, people.pelaksana), actor=people.pelaksana)
    report = monitoring_report_submit(plan=small_plan, number=1, actor=people.sekretaris)
    monitoring_report_return(report=report, actor=people.province_sekretaris, note="Lengkapi")
    report_job_request(
        plan=small_plan,
        kind="lampiran",
        fmt="xlsx",
        params={"paper": "a4"},
        actor=people.sekretaris,
    )
    return {"report": report, "cells": cells, "plan": small_plan}


def main_pages(scene, tree):
    plan, cells, report = scene["plan"], scene["cells"], scene["report"]
    cell = [plan.pk, cells.sk.pk, 1]
    return [
        reverse("home"),
        reverse("home") + "?per=2023-03-15",
        reverse("plan_detail", args=[plan.pk]),
        reverse("plan_dashboard", args=[plan.pk]) + "?per=2023-03-15",
        reverse("plan_history", args=[plan.pk]),
        reverse("plan_history", args=[plan.pk]) + "?log=dokumen",
        reverse("cell_detail", args=cell) + "?antrian=saya",
        reverse("chain_plan", args=[plan.pk]),
        reverse("chain_preview", args=[plan.pk, 1]),
        reverse("chain_report_detail", args=[report.pk]),
        reverse("plan_reports", args=[plan.pk]),
        reverse("evidence_library", args=[tree.bengkulu_tengah.pk]),
        reverse("rollup_home"),
        reverse("cascade_home"),
        reverse("plan_import"),
    ]


def test_no_indonesian_page_shows_a_raw_event_code(client, people, tree, scene):
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"realisation.returned", "chain.report_returned", "report_job.request"} <= codes
    client.force_login(people.sekretaris)
    for url in main_pages(scene, tree):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        shown = {code for code in codes if code in text}
        assert not shown, f"{url} shows {shown}"


def plan_data_text(plan) -> str:
    """The plan's own words (decree, areas, activities): Indonesian in every language."""
    from renaksi.plans.models import Activity, Area, SubActivity

    decree = plan.decree
    parts = [decree.about, decree.issuer, decree.signer_title, decree.number]
    parts += list(Area.objects.filter(plan=plan).values_list("name", flat=True))
    parts += list(Activity.objects.filter(area__plan=plan).values_list("name", flat=True))
    parts += list(
        SubActivity.objects.filter(activity__area__plan=plan).values_list("name", flat=True)
    )
    return " ".join(p for p in parts if p)


def test_no_english_page_shows_an_indonesian_ui_string(client, people, tree, scene):
    data = plan_data_text(scene["plan"])
    strings = {s for s in indonesian_ui_strings() if s not in data}
    assert len(strings) > 100  # the check has something to check
    client.force_login(people.sekretaris)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    for url in main_pages(scene, tree):
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        left = sorted(s for s in strings if s in text)
        assert not left, f"{url} shows Indonesian: {left}"


def test_the_document_requests_have_their_own_log(client, people, scene):
    client.force_login(people.sekretaris)
    plan = scene["plan"]
    history = client.get(reverse("plan_history", args=[plan.pk])).context["events"]
    assert all(row.event.action != "report_job.request" for row in history)
    log = client.get(reverse("plan_history", args=[plan.pk]), {"log": "dokumen"}).context["events"]
    assert [row.event.action for row in log] == ["report_job.request"]
    assert log[0].action_label == "Dokumen diminta"


def test_the_import_link_is_on_every_page_for_those_allowed_only(client, people, tree, scene):
    import_link = f'href="{reverse("plan_import")}"'
    for user, shown in ((people.sekretaris, True), (people.pelaksana, False)):
        client.force_login(user)
        for url in main_pages(scene, tree):
            response = client.get(url)
            if response.status_code != 200:
                continue  # a page this person may not open
            assert (import_link in response.content.decode()) is shown, (user, url)
