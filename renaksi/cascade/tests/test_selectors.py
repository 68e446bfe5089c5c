"""The comparison of adopted plans with their template, and the publisher's pages' reads."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renaksi.cascade.models import AdoptedItem
from renaksi.cascade.selectors import (
    ChildState,
    ItemStatus,
    recipient_diff,
    template_child_rows,
    template_indicator_rows,
    template_item_get,
    template_recipient_list,
    template_state_counts,
)
from renaksi.cascade.services import Scope, template_adopt, template_decline, template_publish
from renaksi.conftest import UnitFactory, UserFactory, member, small_parsed_plan
from renaksi.monitoring.models import Realisation
from renaksi.monitoring.services import (
    evidence_link_add,
    evidence_upload,
    realisation_save,
    realisation_submit,
)
from renaksi.monitoring.tests import files
from renaksi.monitoring.tests.files import upload
from renaksi.organisations.models import Membership
from renaksi.plans.models import Activity, Indicator
from renaksi.plans.services import (
    activity_update,
    indicator_create,
    indicator_update,
    plan_import,
)


def _adopted(recipient_bt, people):
    plan = template_adopt(recipient=recipient_bt, actor=people.sekretaris)
    recipient_bt.refresh_from_db()
    return plan


def _diff_by_name(recipient):
    return {(d.kind, d.name): d for d in recipient_diff(recipient=recipient).items}


def test_it_finds_no_change_in_a_freshly_adopted_plan(recipient_bt, people):
    _adopted(recipient_bt, people)
    diff = recipient_diff(recipient=recipient_bt)
    assert diff.total == 0 and len(diff.items) == 11
    assert {d.status for d in diff.items} == {ItemStatus.UNCHANGED}


def test_it_reports_changed_added_and_removed_items_with_the_changed_fields(recipient_bt, people):
    plan = _adopted(recipient_bt, people)
    sk = Indicator.objects.select_related("activity__area__plan").get(
        activity__area__plan=plan, text="Tersedianya SK"
    )
    indicator_update(
        indicator=sk,
        actor=people.sekretaris,
        number=sk.number,
        text="Tersedianya SK Tim RB",
        periods={1, 2, 5},
        note="KET baru",
        target_value=Decimal("100"),
        target_unit="%",
        sub_activity=sk.sub_activity,
    )
    ppid = Indicator.objects.select_related("activity__area__plan").get(
        activity__area__plan=plan, text="Jumlah permohonan informasi"
    )
    activity_update(activity=ppid.activity, actor=people.sekretaris, number="1", name="KIP")
    indicator_create(
        plan=plan,
        actor=people.sekretaris,
        activity=ppid.activity,
        sub_activity=None,
        number="2",
        text="Daftar informasi publik",
        periods={3},
    )
    # No screen removes a row yet; a re-import or an administrator may.
    Indicator.objects.filter(activity__area__plan=plan, text="SK Pengarah").delete()

    diff = recipient_diff(recipient=recipient_bt)
    assert (diff.changed, diff.added, diff.removed, diff.total) == (2, 1, 1, 4)
    items = _diff_by_name(recipient_bt)
    changed = items[("indicator", "Tersedianya SK Tim RB")]
    assert changed.status == ItemStatus.CHANGED
    assert [(c.field, c.before, c.after) for c in changed.changes] == [
        ("name", "Tersedianya SK", "Tersedianya SK Tim RB"),
        ("periods", "1, 2", "1, 2, 5"),
        ("note", "KET satu", "KET baru"),
    ]
    assert [c.field for c in items[("activity", "KIP")].changes] == ["name"]
    assert items[("indicator", "Daftar informasi publik")].status == ItemStatus.ADDED
    assert items[("indicator", "SK Pengarah")].status == ItemStatus.REMOVED


def test_it_reports_a_changed_target_value(recipient_bt, people):
    plan = _adopted(recipient_bt, people)
    sk = Indicator.objects.select_related("activity__area__plan").get(
        activity__area__plan=plan, text="Tersedianya SK"
    )
    indicator_update(
        indicator=sk,
        actor=people.sekretaris,
        number=sk.number,
        text=sk.text,
        periods={1, 2},
        note=sk.note,
        target_value=Decimal("80"),
        target_unit="%",
        sub_activity=sk.sub_activity,
    )
    change = _diff_by_name(recipient_bt)[("indicator", "Tersedianya SK")].changes
    assert [(c.field, c.before, c.after) for c in change] == [("targets", "100 %", "80 %")]


# --- the publisher's page: states and a fixed number of queries --------------------------------


def _children(parent, count: int, start: int):
    units = []
    for n in range(start, start + count):
        unit = UnitFactory(code=f"17.{n:02d}", name=f"KPU Kabupaten Uji {n}", parent=parent)
        member(UserFactory(username=f"sekretaris_{n}"), unit, Membership.Role.SEKRETARIS)
        units.append(unit)
    return units


def _province_template(tree, people, year: int, units):
    plan = plan_import(
        unit=tree.bengkulu,
        year=year,
        parsed=small_parsed_plan(),
        actor=None,
        source_name="p.json",
        source_bytes=b"{}",
        source_format="json",
    )
    return plan, template_publish(plan=plan, actor=None, scope=Scope.CHOSEN, chosen=units)


def _answer_all(template):
    """The first recipient declines, the second stays silent, the rest adopt and add a row."""
    recipients = list(template.recipients.select_related("unit", "template").order_by("unit__code"))
    template_decline(recipient=recipients[0], actor=None, reason="Tidak relevan")
    for r in recipients[2:]:
        plan = template_adopt(recipient=r, actor=None)
        activity = Activity.objects.select_related("area__plan").filter(area__plan=plan).first()
        indicator_create(
            plan=plan,
            actor=None,
            activity=activity,
            sub_activity=None,
            number="9",
            text="Tambahan",
            periods={1},
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_it_shows_the_publishers_page_in_the_same_queries_for_3_and_6_children(
    client, tree, people
):
    small = _children(tree.bengkulu, 3, 10)
    large = _children(tree.bengkulu, 6, 20)
    _plan3, t3 = _province_template(tree, people, 2023, small)
    plan6, t6 = _province_template(tree, people, 2024, large)
    _answer_all(t3)
    _answer_all(t6)
    client.force_login(people.province_sekretaris)
    with_3 = _queries(client, reverse("template_detail", args=[t3.pk]))
    with_6 = _queries(client, reverse("template_detail", args=[t6.pk]))
    # 17 today: session and user, permission, page count and rows, the states, the comparison
    # (links and the plans' rows), the items, the versions.
    assert with_3 == with_6 <= 17, (with_3, with_6)

    # After a new version, the adopters of v1 are "outdated"; still the same number of queries.
    v2 = template_publish(plan=plan6, actor=None, scope=Scope.CHOSEN, chosen=large)
    rows = template_child_rows(template=v2, recipients=list(template_recipient_list(template=v2)))
    assert [r.state for r in rows] == [ChildState.PENDING] * 2 + [ChildState.OUTDATED] * 4
    assert {r.diff.total for r in rows[2:]} == {1}
    assert template_state_counts(template=v2) == {
        "pending": 2,
        "adopted": 0,
        "declined": 0,
        "outdated": 4,
    }
    assert [r.unit.code for r in template_recipient_list(template=v2, state="outdated")] == [
        u.code for u in large[2:]
    ]


def test_it_shows_each_childs_state_and_change_count(template, recipient_bt, recipient_bs, people):
    _adopted(recipient_bt, people)
    template_decline(recipient=recipient_bs, actor=people.sibling_sekretaris, reason="Sudah ada")
    rows = {
        r.recipient.unit.code: r
        for r in template_child_rows(
            template=template, recipients=list(template_recipient_list(template=template))
        )
    }
    assert rows["17.09"].state == ChildState.ADOPTED and rows["17.09"].diff.total == 0
    assert rows["17.01"].state == ChildState.DECLINED
    assert [r.unit.code for r in template_recipient_list(template=template, state="declined")] == [
        "17.01"
    ]


# --- one template indicator across the recipients ---------------------------------------------


def _report(plan, text: str, n: int):
    """Report January of the indicator, with a file and a link, and submit it."""
    ind = Indicator.objects.select_related("activity__area__plan__unit").get(
        activity__area__plan=plan, text=text
    )
    realisation = realisation_save(
        indicator=ind,
        period=1,
        actor=None,
        expected_version=0,
        status=Realisation.Status.DONE,
        progress=100,
        narrative="Selesai",
    )
    evidence_upload(
        realisation=realisation,
        upload=upload(f"SK {n}.pdf", files.PDF + f"% {n}\n".encode()),
        actor=None,
    )
    evidence_link_add(
        realisation=realisation, url=f"https://jdih.kpu.go.id/sk/{n}", actor=None, title="JDIH"
    )
    realisation_submit(realisation=Realisation.objects.get(pk=realisation.pk), actor=None)
    return ind


def _indicator_queries(client, template, key) -> int:
    return _queries(client, reverse("template_indicator", args=[template.pk, key]))


def test_it_shows_one_indicator_across_recipients_in_the_same_queries_for_3_and_6(
    client, tree, people
):
    small = _children(tree.bengkulu, 3, 10)
    large = _children(tree.bengkulu, 6, 20)
    _p3, t3 = _province_template(tree, people, 2023, small)
    _p6, t6 = _province_template(tree, people, 2024, large)
    _answer_all(t3)
    _answer_all(t6)
    for t in (t3, t6):
        for n, r in enumerate(t.recipients.filter(status="adopted").select_related("plan")):
            _report(r.plan, "Tersedianya SK", n)
    key3 = t3.items.get(name="Tersedianya SK").key
    key6 = t6.items.get(name="Tersedianya SK").key
    client.force_login(people.province_sekretaris)
    with_3 = _indicator_queries(client, t3, key3)
    with_6 = _indicator_queries(client, t6, key6)
    assert with_3 == with_6 <= 12, (with_3, with_6)

    rows = template_indicator_rows(
        template=t6, item=template_item_get(template=t6, key=key6), today=date(2024, 3, 1)
    )
    assert [r.state for r in rows] == ["declined", "not_adopted"] + ["adopted"] * 4
    january = rows[2].cells[0]
    assert january.scheduled and january.state.code == "submitted"
    assert sorted(e.kind for e in january.evidence) == ["file", "link"]
    assert rows[2].cells[2].state is None  # March is neither scheduled nor reported


def test_it_marks_a_removed_indicator_as_removed(recipient_bt, template, people):
    plan = _adopted(recipient_bt, people)
    item = template.items.get(name="SK Pengarah")
    Indicator.objects.filter(activity__area__plan=plan, text="SK Pengarah").delete()
    assert not AdoptedItem.objects.filter(recipient=recipient_bt, key=item.key).exists()
    rows = {
        r.recipient.unit.code: r.state
        for r in template_indicator_rows(template=template, item=item, today=date(2023, 3, 1))
    }
    assert rows == {"17.01": "not_adopted", "17.09": "removed"}


@pytest.mark.parametrize(
    "persona", ["sekretaris", "sibling_sekretaris", "other_province_sekretaris"]
)
def test_it_hides_the_publishers_pages_from_units_that_cannot_see_it(
    client, template, people, persona
):
    client.force_login(getattr(people, persona))
    key = template.items.filter(kind="indicator").first().key
    assert client.get(reverse("template_detail", args=[template.pk])).status_code == 404
    assert client.get(reverse("template_indicator", args=[template.pk, key])).status_code == 404
