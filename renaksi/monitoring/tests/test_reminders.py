"""Daily reminder digests: who hears about which cells, once a day, in a fixed number of queries."""

from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from huey import SqliteHuey

from renaksi.conftest import UserFactory, member, small_parsed_plan
from renaksi.monitoring.models import Realisation, RealisationEvent, ReminderLog
from renaksi.monitoring.reminders import cell_link, reminder_digests, reminders_send
from renaksi.monitoring.services import realisation_return, realisation_submit, realisation_verify
from renaksi.monitoring.tests.conftest import save
from renaksi.organisations.models import Membership
from renaksi.plans.models import Indicator
from renaksi.plans.services import plan_import

R = Membership.Role
# The small plan is monthly, 2023. With an empty holiday table: January is due on 7 February,
# February on 7 March, March on 7 April. On 15 March: January and February are overdue, March is
# due, April has not begun.
TODAY = date(2023, 3, 15)


def keys(items) -> set[tuple[int, int]]:
    return {(item.indicator_id, item.period) for item in items}


def digest_of(digests, user, kind):
    found = [d for d in digests if d.user == user and d.kind == kind]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.fixture
def scene(people, cells, tree):
    """Two PICs at 17.09 (one without e-mail), its assessor, and a sibling unit's own loop."""
    pic_no_mail = UserFactory(username="pic_tanpa_surel", email="")
    member(pic_no_mail, tree.bengkulu_tengah, R.PELAKSANA)
    Indicator.objects.filter(pk=cells.ppid.pk).update(pic=people.pelaksana)
    Indicator.objects.filter(pk=cells.pengarah.pk).update(pic=pic_no_mail)

    # sk/1 verified, ppid/1 submitted, ppid/2 returned with a note.
    r = realisation_submit(realisation=save(cells.sk, 1, people.pelaksana), actor=people.pelaksana)
    realisation_verify(realisation=r, actor=people.asesor)
    realisation_submit(realisation=save(cells.ppid, 1, people.pelaksana), actor=people.pelaksana)
    r = save(cells.ppid, 2, people.pelaksana)
    r = realisation_submit(realisation=r, actor=people.pelaksana)
    realisation_return(realisation=r, actor=people.asesor, note="Lampirkan daftar permohonan")
    # sk/2 saved as a draft only: still overdue.
    save(cells.sk, 2, people.pelaksana)

    # Bengkulu Selatan has the same plan; its "Tersedianya SK" names pelaksana_bt as PIC, but
    # pelaksana_bt is not a member there. Its assessor has a submitted cell of their own.
    sibling_plan = plan_import(
        unit=tree.bengkulu_selatan,
        year=2023,
        parsed=small_parsed_plan(),
        actor=people.sibling_sekretaris,
        source_name="kecil.json",
        source_bytes=b"{}",
        source_format="json",
    )
    sibling_asesor = UserFactory(username="asesor_bs")
    member(sibling_asesor, tree.bengkulu_selatan, R.ASESOR)
    sibling_ppid = Indicator.objects.get(
        activity__area__plan=sibling_plan, text="Jumlah permohonan informasi"
    )
    realisation_submit(
        realisation=save(sibling_ppid, 1, people.sibling_sekretaris),
        actor=people.sibling_sekretaris,
    )
    return {
        "pic_no_mail": pic_no_mail,
        "sibling_asesor": sibling_asesor,
        "sibling_ppid": sibling_ppid,
    }


def test_it_lists_a_pics_due_and_overdue_cells(people, cells, scene):
    digests = reminder_digests(today=TODAY)
    pic = digest_of(digests, people.pelaksana, ReminderLog.Kind.PIC)

    assert keys(pic.overdue) == {(cells.sk.pk, 2), (cells.ppid.pk, 2)}
    assert keys(pic.due) == {(cells.ppid.pk, 3)}
    assert pic.awaiting == []
    returned = next(i for i in pic.overdue if i.indicator_id == cells.ppid.pk)
    assert returned.returned_note == "Lampirkan daftar permohonan"
    assert returned.due_on == date(2023, 3, 7)
    assert returned.period_label == "Februari 2023"


def test_it_lists_the_cells_awaiting_an_assessor_of_the_unit_only(people, cells, scene):
    digests = reminder_digests(today=TODAY)

    asesor = digest_of(digests, people.asesor, ReminderLog.Kind.ASESOR)
    assert keys(asesor.awaiting) == {(cells.ppid.pk, 1)}
    sibling = digest_of(digests, scene["sibling_asesor"], ReminderLog.Kind.ASESOR)
    assert keys(sibling.awaiting) == {(scene["sibling_ppid"].pk, 1)}
    # Nobody else hears about the submitted cells, and nobody about other units' cells.
    assert {(d.user.username, d.kind) for d in digests} == {
        ("pelaksana_bt", "pic"),
        ("pic_tanpa_surel", "pic"),
        ("asesor_bt", "asesor"),
        ("asesor_bs", "asesor"),
    }


def test_it_never_lists_verified_cells_or_cells_of_other_units(people, cells, scene):
    listed = set()
    for digest in reminder_digests(today=TODAY):
        if digest.user != scene["sibling_asesor"]:
            listed |= keys(digest.items)
    assert (cells.sk.pk, 1) not in listed  # verified
    sibling_indicators = set(
        Indicator.objects.filter(activity__area__plan__unit__code="17.01").values_list(
            "pk", flat=True
        )
    )
    assert listed and not {ind for ind, _period in listed} & sibling_indicators


def test_it_does_not_remind_a_pic_who_left_the_unit(people, cells, scene):
    Membership.objects.filter(user=people.pelaksana).delete()
    assert digest_of(reminder_digests(today=TODAY), people.pelaksana, "pic") is None


def test_it_sends_one_email_per_person_and_kind(people, cells, scene, small_plan):
    summary = reminders_send(today=TODAY)

    assert (summary.pic_sent, summary.asesor_sent, summary.no_email) == (1, 2, 1)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "asesor_bs@kpu.example",
        "asesor_bt@kpu.example",
        "pelaksana_bt@kpu.example",
    ]
    pic_mail = next(m for m in mail.outbox if m.to == ["pelaksana_bt@kpu.example"])
    assert pic_mail.subject == "Renaksi: 1 realisasi jatuh tempo, 2 terlambat"
    body = pic_mail.body
    assert "Tersedianya SK" in body and "Jumlah permohonan informasi" in body
    assert "Februari 2023" in body and "Maret 2023" in body
    assert "tenggat 7 Maret 2023" in body and "tenggat 10 April 2023" not in body
    assert "Dikembalikan Tim Asesor: Lampirkan daftar permohonan" in body
    assert cell_link(small_plan.pk, cells.ppid.pk, 3) in body
    assert cell_link(small_plan.pk, cells.ppid.pk, 3).startswith("http://127.0.0.1:8000/")
    # Cells that are not the PIC's, or need nothing from them, are not in it.
    assert "SK Tim RB" not in body and "SK Pengarah" not in body
    asesor_mail = next(m for m in mail.outbox if m.to == ["asesor_bt@kpu.example"])
    assert "menunggu verifikasi" in asesor_mail.subject
    assert "Januari 2023" in asesor_mail.body


def test_it_builds_links_from_the_site_url(people, cells, scene, settings):
    settings.SITE_URL = "https://renaksi.kpu.example"
    reminders_send(today=TODAY)
    pic_mail = next(m for m in mail.outbox if m.to == ["pelaksana_bt@kpu.example"])
    assert "https://renaksi.kpu.example/" in pic_mail.body
    assert "127.0.0.1" not in pic_mail.body


def test_it_sends_nothing_twice_on_the_same_day(people, cells, scene):
    first = reminders_send(today=TODAY)
    sent = len(mail.outbox)

    again = reminders_send(today=TODAY)

    assert sent == 3
    assert len(mail.outbox) == sent
    assert (again.pic_sent, again.asesor_sent, again.already_sent) == (0, 0, 3)
    assert ReminderLog.objects.filter(date=TODAY).count() == first.pic_sent + first.asesor_sent
    log = ReminderLog.objects.get(user=people.pelaksana, kind="pic")
    assert sorted(map(tuple, log.cells)) == sorted(
        [(cells.sk.pk, 2), (cells.ppid.pk, 2), (cells.ppid.pk, 3)]
    )
    # The next day is a new day.
    reminders_send(today=date(2023, 3, 16))
    assert len(mail.outbox) == 2 * sent


def test_it_skips_people_without_an_address_and_counts_them(people, cells, scene):
    summary = reminders_send(today=TODAY)

    assert summary.no_email == 1
    assert all(m.to != [""] for m in mail.outbox)
    assert not ReminderLog.objects.filter(user=scene["pic_no_mail"]).exists()


class RefusingBackend(EmailBackend):
    """Refuses mail to one address, as an SMTP server might."""

    def send_messages(self, messages):
        if any("asesor_bt@kpu.example" in m.to for m in messages):
            raise OSError("mailbox unavailable")
        return super().send_messages(messages)


def test_it_retries_a_refused_digest_on_the_next_run(people, cells, scene, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}

    summary = reminders_send(today=TODAY)

    assert summary.failed == 1
    assert not ReminderLog.objects.filter(user=people.asesor, date=TODAY).exists()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    again = reminders_send(today=TODAY)
    assert (again.asesor_sent, again.pic_sent, again.already_sent) == (1, 0, 2)
    assert sum(m.to == ["asesor_bt@kpu.example"] for m in mail.outbox) == 1


def test_it_reads_in_a_fixed_number_of_queries(people, cells, tree, scene):
    def queries(today):
        with CaptureQueriesContext(connection) as ctx:
            summary = reminders_send(today=today)
        assert summary.pic_sent + summary.asesor_sent >= 1
        return len(ctx.captured_queries)

    few = queries(TODAY)

    # Many more people and cells: every indicator gets its own PIC, more assessors, more states.
    indicators = list(Indicator.objects.filter(activity__area__plan__unit=tree.bengkulu_tengah))
    for n, indicator in enumerate(indicators):
        pic = UserFactory(username=f"pic_{n}")
        member(pic, tree.bengkulu_tengah, R.PELAKSANA)
        Indicator.objects.filter(pk=indicator.pk).update(pic=pic)
    for n in range(5):
        member(UserFactory(username=f"asesor_{n}"), tree.bengkulu_tengah, R.ASESOR)
    fresh = Indicator.objects.get(pk=cells.pengarah.pk)
    realisation_submit(realisation=save(fresh, 3, people.sekretaris), actor=people.sekretaris)

    many = queries(date(2023, 3, 16))

    assert len(mail.outbox) > 10
    assert many == few


def test_it_runs_from_the_command_and_a_dry_run_sends_nothing(people, cells, scene, capsys):
    call_command("send_reminders", today="2023-03-15", dry_run=True)
    out = capsys.readouterr().out
    assert "To: pelaksana_bt@kpu.example" in out
    assert "Uji coba" in out
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()

    call_command("send_reminders", today="2023-03-15")
    assert len(mail.outbox) == 3


def test_it_runs_as_a_background_task_through_the_queue(people, cells, scene, settings, tmp_path):
    from renaksi.monitoring.tasks import send_reminders

    queue = SqliteHuey(name="renaksi-reminders-test", filename=str(tmp_path / "huey.sqlite3"))
    settings.TASKS = {
        "default": {"BACKEND": "renaksi.core.tasks.HueyBackend", "OPTIONS": {"huey": queue}}
    }
    result = send_reminders.enqueue(today="2023-03-15")
    assert mail.outbox == []

    queue.execute(queue.dequeue())  # the worker

    assert len(mail.outbox) == 3
    result.refresh()
    assert result.return_value["pic_sent"] == 1
    assert result.return_value["asesor_sent"] == 2


def test_the_verifier_selector_agrees_with_the_verify_rule(people, cells, realisation_in):
    """One rule: whoever the selector names may verify the cell (rules.py), and nobody else."""
    from renaksi.monitoring.selectors import realisation_verifiers

    second = UserFactory(username="asesor_kedua")
    member(second, people.asesor.memberships.first().unit, Membership.Role.ASESOR)
    # The second assessor also wrote the cell (a saved change): an author may not verify it.
    r = realisation_in(Realisation.ReviewState.SUBMITTED)
    RealisationEvent.objects.create(
        realisation=r, actor=second, action=RealisationEvent.Action.SAVED, version=r.version
    )
    r = Realisation.objects.select_related("indicator__activity__area__plan").get(pk=r.pk)

    named = realisation_verifiers([r])[r.pk]

    everyone = [people.asesor, second, people.pelaksana, people.sekretaris, people.viewer]
    allowed = [u for u in everyone if u.has_perm("monitoring.verify_realisation", r)]
    assert named == allowed == [people.asesor]
