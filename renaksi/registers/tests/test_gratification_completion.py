"""An incomplete gratification report: the reporter completes it within 30 working days under
Peraturan KPK 2/2019, within 20 under 1/2026, or it is not processed.

Golden dates. 2022: notice on Thursday 28 April, the day before cuti bersama 29 April; Idul Fitri
2–3 May with cuti bersama 4–6 May, Waisak 16 May, Kenaikan 26 May, Pancasila 1 June:
30 working days → Wednesday 22 June 2022 (20 would have been 8 June).
2026: notice on Tuesday 17 March, the day before cuti bersama Nyepi 18 March; Nyepi 19 March,
cuti bersama 20, 23, 24 March around Idul Fitri 21–22 March, Good Friday 3 April:
20 working days → Wednesday 22 April 2026 (30 would have been 7 May).
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from renaksi.registers import services
from renaksi.registers.deadlines import RuleBook, rules_for_year
from renaksi.registers.models import Gratification, RegisterKind, StepRule
from renaksi.registers.selectors.due import Clock
from renaksi.registers.selectors.tasks import register_tasks_for

pytestmark = pytest.mark.django_db
D = date


def report(unit, reporter, received_on, on):
    return services.gratification_report(
        unit=unit,
        reporter=reporter,
        actor=reporter,
        received_on=received_on,
        giver_name="CV Maju Jaya",
        giver_relation="rekanan",
        occasion="lainnya",
        form="barang",
        description="Parsel",
        estimated_value="750000",
        on=on,
    )


def asked(tree, people, upg, day):
    g = report(tree.bengkulu_tengah, people.pelaksana, day, day)
    return services.gratification_ask_completion(
        gratification=g, note="Lampirkan foto barang dan kuitansi.", actor=upg, on=day
    )


def test_the_completion_window_is_thirty_working_days_then_twenty_from_2026():
    book = RuleBook([2025, 2026])
    old, new = (book.rule(RegisterKind.GRATIFIKASI, "completion", y) for y in (2025, 2026))
    assert (old.days, old.statutory_days, old.basis) == (30, 30, "Peraturan KPK 2/2019")
    assert (new.days, new.statutory_days, new.basis) == (20, 20, "Peraturan KPK 1/2026")
    shown = next(r for r in rules_for_year(2026) if r.step == "completion")
    assert (shown.days, shown.adjusted) == (20, False)


def test_an_administrator_may_adjust_the_2026_window_and_the_statute_stays_shown():
    StepRule.objects.create(
        register="gratifikasi", step="completion", year=2026, days=25, statutory_days=20
    )
    rule = RuleBook([2026]).rule(RegisterKind.GRATIFIKASI, "completion", 2026)
    assert (rule.days, rule.statutory_days, rule.adjusted) == (25, 20, True)


def test_2022_the_reporter_has_thirty_working_days_across_idul_fitri(
    tree, people, upg, holidays_seeded
):
    g = asked(tree, people, upg, D(2022, 4, 28))
    due = Clock([2022]).gratification(g)
    assert (g.status, due.step, due.due_on, due.office) == (
        "belum_lengkap", "completion", D(2022, 6, 22), False,
    )  # fmt: skip
    # 10 June is past the 20 days of the later rule, but 2/2019 governs a 2022 notice.
    g = services.gratification_complete(
        gratification=g, note="Foto terlampir.", actor=people.pelaksana, on=D(2022, 6, 10)
    )
    assert (g.status, g.completed_on) == ("ditelaah", D(2022, 6, 10))
    # The UPG's ten days to the KPK count from the completed report.
    assert Clock([2022]).gratification(g).due_on <= D(2022, 6, 24)


def test_2026_the_reporter_has_twenty_working_days_across_nyepi_and_idul_fitri(
    tree, people, upg, holidays_seeded
):
    g = asked(tree, people, upg, D(2026, 3, 17))
    assert Clock([2026]).gratification(g).due_on == D(2026, 4, 22)
    g = services.gratification_complete(
        gratification=g, note="Kuitansi terlampir.", actor=people.pelaksana, on=D(2026, 4, 22)
    )
    assert g.status == "ditelaah"


def test_2026_a_completion_a_day_late_is_refused_and_the_upg_closes_the_report(
    tree, people, upg, holidays_seeded
):
    g = asked(tree, people, upg, D(2026, 3, 17))
    with pytest.raises(services.RegisterError, match="22 April 2026"):
        services.gratification_complete(
            gratification=g, note="Terlambat.", actor=people.pelaksana, on=D(2026, 4, 23)
        )
    with pytest.raises(services.RegisterError, match="masih dapat"):
        services.gratification_lapse(gratification=g, actor=upg, on=D(2026, 4, 22))
    g = services.gratification_lapse(gratification=g, actor=upg, on=D(2026, 4, 23))
    assert (g.status, g.closed_on) == ("tidak_diproses", D(2026, 4, 23))
    assert list(g.events.values_list("action", flat=True)) == ["reported", "incomplete", "lapsed"]


def test_only_the_upg_asks_and_only_reporter_or_upg_complete(tree, people, upg, holidays_seeded):
    g = report(tree.bengkulu_tengah, people.pelaksana, D(2026, 3, 17), D(2026, 3, 17))
    with pytest.raises(PermissionDenied):
        services.gratification_ask_completion(gratification=g, note="x", actor=people.sekretaris)
    with pytest.raises(services.RegisterError, match="kekurangan"):
        services.gratification_ask_completion(gratification=g, note="  ", actor=upg)
    g = services.gratification_ask_completion(gratification=g, note="Foto", actor=upg)
    with pytest.raises(PermissionDenied):
        services.gratification_complete(gratification=g, note="x", actor=people.sekretaris)
    assert Gratification.objects.get().status == "belum_lengkap"


def test_the_reporter_completes_through_the_page_and_sees_the_task(
    client, tree, people, upg, holidays_seeded
):
    g = report(tree.bengkulu_tengah, people.pelaksana, D(2026, 3, 17), D(2026, 3, 17))
    client.force_login(upg)
    client.post(
        reverse("gratification_act", args=[g.pk]),
        {"action": "ask_completion", "note": "Lampirkan foto barang."},
    )
    g.refresh_from_db()
    assert g.status == "belum_lengkap"
    due = Clock([g.incomplete_on.year]).gratification(g).due_on
    tasks = register_tasks_for(user=people.pelaksana, today=g.incomplete_on)
    assert [(t.title, t.due_on) for t in tasks] == [(f"Laporan gratifikasi {g.number}", due)]
    assert register_tasks_for(user=upg, today=g.incomplete_on) == []

    client.force_login(people.pelaksana)
    page = client.get(reverse("gratification_detail", args=[g.pk])).content.decode()
    assert 'data-testid="incomplete"' in page and "Lampirkan foto barang." in page
    url = reverse("gratification_complete", args=[g.pk])
    for outsider, status in ((people.sekretaris, 403), (people.outsider, 404)):
        client.force_login(outsider)
        assert client.post(url, {"note": "x"}).status_code == status
    client.force_login(people.pelaksana)
    response = client.post(url, {"note": "Foto terlampir."})
    assert response.status_code == 302
    g.refresh_from_db()
    assert g.status == "ditelaah" and g.completed_on is not None
