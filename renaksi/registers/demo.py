"""Demo data of the registers for ``seed_demo``: a realistic 2022 at KPU Kabupaten Bengkulu Tengah.

Complaints, information requests, gratification reports and the integrity campaign, each step
through the services with the clock set to its day. Late items are there on purpose, and one
complaint, one request and one gift cross Idul Fitri 2022 (2–3 May) and its cuti bersama
(29 April, 4–6 May). Idempotent: a unit whose registers already hold items is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta

from renaksi.monitoring.demo import demo_clock, demo_moment
from renaksi.organisations.models import User
from renaksi.plans.models import Plan
from renaksi.registers import services
from renaksi.registers.models import Complaint, RegisterOfficer

# (received, subject, anonymous, class, responded, answered, closed, rating): month, day
COMPLAINTS = [
    ((1, 12), "Antrean pengambilan salinan DPT", False, "ringan", (1, 13), (1, 14), (1, 17), 5),
    (
        (2, 3),
        "Petugas tidak ramah di meja layanan",
        True,
        "normatif",
        (2, 4),
        (2, 9),
        (2, 10),
        None,
    ),
    ((2, 21), "Website KPU tidak dapat diakses", False, "ringan", (2, 22), (2, 28), (3, 1), 2),
    ((3, 14), "Nama ganda dalam daftar pemilih", False, "pengawasan", (3, 15), (3, 30), (4, 1), 4),
    ((4, 11), "Permohonan audiensi tidak dijawab", False, "normatif", (4, 12), (4, 18), (4, 19), 4),
    # The day before the Idul Fitri break: its first response falls on 9 May.
    ((4, 28), "Salinan keputusan belum diterima", False, "normatif", (5, 9), (5, 13), (5, 16), 5),
    ((5, 23), "Lokasi kantor sulit ditemukan", True, "ringan", (5, 30), (6, 2), (6, 3), None),
    (
        (6, 20),
        "Data partai politik tidak lengkap",
        False,
        "pengawasan",
        (6, 21),
        (7, 20),
        None,
        None,
    ),
    ((7, 18), "Pungutan dalam layanan legalisir", False, "lapangan", (7, 19), None, None, None),
    ((8, 15), "Jadwal sosialisasi tidak diumumkan", False, "normatif", (8, 29), None, None, None),
    ((9, 5), "Ruang tunggu panas dan sempit", False, "ringan", None, None, None, None),
    ((9, 13), "Informasi tahapan pemilu membingungkan", True, "", None, None, None, None),
]

# (received, channel, requester, information, extended, decision, answered, objection, closed)
REQUESTS = [
    (
        (1, 20),
        "web",
        "Andi Wijaya",
        "Rekap hasil Pilkada 2020 per TPS",
        None,
        "dikabulkan",
        (1, 27),
        None,
        (2, 1),
    ),
    (
        (3, 2),
        "surat",
        "LSM Pemilu Bersih",
        "Daftar anggota PPK dan PPS 2020",
        None,
        "sebagian",
        (3, 15),
        None,
        (3, 20),
    ),
    # Received before the Idul Fitri break, extended, answered within 10 + 7 working days.
    (
        (4, 28),
        "web",
        "Budi Santoso",
        "Salinan SK penetapan DPT Pemilu 2019",
        (5, 20),
        "dikabulkan",
        (6, 2),
        None,
        (6, 6),
    ),
    (
        (5, 30),
        "langsung",
        "Rina Marlina",
        "Anggaran hibah Pilkada 2020",
        None,
        "ditolak",
        (6, 20),
        (7, 4),
        None,
    ),
    (
        (7, 11),
        "email",
        "Dedi Kurniawan",
        "Notulen rapat pleno rekapitulasi 2019",
        None,
        None,
        None,
        None,
        None,
    ),
    (
        (8, 22),
        "web",
        "Sari Dewi",
        "Daftar inventaris barang milik negara",
        None,
        None,
        None,
        None,
        None,
    ),
    (
        (9, 12),
        "web",
        "Yusuf Hamdani",
        "Laporan kinerja instansi 2021",
        None,
        None,
        None,
        None,
        None,
    ),
]

# (reporter, received, reported, giver, relation, occasion, form, value, description, steps)
GIFTS = [
    ("pelaksana", (2, 14), (2, 16), "Keluarga besar Rahman", "keluarga", "upacara", "uang", 800_000,
     "Amplop pada pernikahan anak", "not_required"),
    ("adminunit", (4, 28), (5, 10), "CV Sinar Abadi", "rekanan", "lainnya", "makanan", 1_250_000,
     "Parsel Lebaran dari penyedia ATK", "incomplete_forwarded_decided"),
    ("agen", (6, 6), (7, 8), "Panitia seminar", "lainnya", "lainnya", "fasilitas", 2_000_000,
     "Biaya penginapan narasumber", "forwarded"),
    ("asesor", (9, 1), (9, 5), "Rekan kerja bagian keuangan", "rekan", "rekan", "barang", 150_000,
     "Kue ulang tahun", "reported"),
]  # fmt: skip


def _on(year: int, md) -> date | None:
    return date(year, *md) if md else None


def _day(year: int, md: tuple[int, int]) -> date:
    return date(year, *md)


def _ensure_thresholds() -> None:
    """The thresholds come with migration 0002; a test database flushed after migrating (a
    transactional test) has lost them, so the demo puts them back the same way."""
    import importlib

    from django.apps import apps as django_apps

    from renaksi.registers.models import GratificationThreshold

    if GratificationThreshold.objects.exists():
        return
    for name in ("0002_gratification_thresholds",):
        try:
            migration = importlib.import_module(f"renaksi.registers.migrations.{name}")
        except ModuleNotFoundError:
            continue
        migration.seed(django_apps, None)


def seed_demo_extension(*, plan: Plan, today: date) -> None:
    unit, year = plan.unit, plan.year
    if Complaint.objects.filter(unit=unit).exists():
        return
    _ensure_thresholds()
    people = {u.username: u for u in User.objects.filter(memberships__unit=unit).distinct()}
    officer = people.get("pelaksana")
    sekretaris = people.get("sekretaris")
    upg = people.get("ketua")
    if officer is None or sekretaris is None or upg is None:
        return
    for role, user in (
        (RegisterOfficer.Role.PENGADUAN, officer),
        (RegisterOfficer.Role.PPID, officer),
        (RegisterOfficer.Role.ATASAN_PPID, sekretaris),
        (RegisterOfficer.Role.UPG, upg),
    ):
        RegisterOfficer.objects.get_or_create(unit=unit, user=user, role=role)

    def at(day):
        return demo_clock(demo_moment(day, 90))

    for n, (rec, subject, anon, cls, resp, ans, closed, rating) in enumerate(COMPLAINTS):
        received = _day(year, rec)
        if received > today:
            continue
        with at(received):
            c = services.complaint_submit(
                unit=unit,
                subject=subject,
                body=f"{subject}. Mohon ditindaklanjuti.",
                anonymous=anon,
                name="" if anon else f"Warga {n + 1}",
                contact="" if anon else f"0812-7000-{n:04d}",
                on=received,
            )
            services.complaint_assign(complaint=c, officer=officer, actor=sekretaris)
            if cls:
                services.complaint_classify(complaint=c, classification=cls, actor=officer)
        for month_day, step in ((resp, "respond"), (ans, "answer"), (closed, "close")):
            day = _on(year, month_day)
            if day is None or day > today:
                break
            with at(day):
                if step == "respond":
                    services.complaint_respond(
                        complaint=c, text="Pengaduan sedang kami tangani.", actor=officer, on=day
                    )
                elif step == "answer":
                    services.complaint_answer(
                        complaint=c,
                        text="Telah ditindaklanjuti; terima kasih.",
                        actor=officer,
                        on=day,
                    )
                else:
                    services.complaint_close(complaint=c, actor=officer, on=day)
                    if rating:
                        services.complaint_rate(complaint=c, rating=rating)

    for rec, channel, name, info, ext, decision, answered, objection, closed in REQUESTS:
        received = _day(year, rec)
        if received > today:
            continue
        with at(received):
            r = services.info_request_submit(
                unit=unit,
                requester_name=name,
                contact=f"{name.split()[0].lower()}@example.org",
                information=info,
                purpose="Kajian dan pemantauan pemilu",
                channel=channel,
                actor=officer if channel != "web" else None,
                on=received,
            )
        if ext and _day(year, ext) <= today:
            with at(_day(year, ext)):
                r = services.info_request_extend(
                    info_request=r,
                    reason="Dokumen tersimpan di arsip inaktif dan perlu ditelusuri.",
                    actor=officer,
                    on=_day(year, ext),
                )
        if decision and answered and _day(year, answered) <= today:
            with at(_day(year, answered)):
                r = services.info_request_decide(
                    info_request=r,
                    decision=decision,
                    note="Informasi kami sampaikan sesuai permohonan.",
                    exemption_article=""
                    if decision == "dikabulkan"
                    else "UU 14/2008 Pasal 17 huruf h (data pribadi)",
                    actor=officer,
                    on=_day(year, answered),
                )
        if objection and _day(year, objection) <= today:
            with at(_day(year, objection)):
                r = services.info_request_object(
                    info_request=r,
                    ground="a",
                    note="Keberatan atas penolakan.",
                    actor=officer,
                    on=_day(year, objection),
                )
        if closed and _day(year, closed) <= today:
            with at(_day(year, closed)):
                services.info_request_close(info_request=r, actor=officer, on=_day(year, closed))

    for who, rec, rep, giver, relation, occasion, form, value, text, steps in GIFTS:
        reporter = people.get(who)
        reported = _day(year, rep)
        if reporter is None or reported > today:
            continue
        with at(reported):
            g = services.gratification_report(
                unit=unit,
                reporter=reporter,
                received_on=_day(year, rec),
                giver_name=giver,
                giver_relation=relation,
                occasion=occasion,
                form=form,
                description=text,
                estimated_value=str(value),
                actor=reporter,
                on=reported,
            )
        if steps == "not_required":
            with at(reported):
                services.gratification_not_required(
                    gratification=g, note="Di bawah batas.", actor=upg, on=reported
                )
        if steps.startswith("incomplete"):
            # The UPG asks for a photo and the receipt; the reporter sends them two days later.
            with at(reported):
                g = services.gratification_ask_completion(
                    gratification=g,
                    note="Lampirkan foto parsel dan taksiran harga dari toko.",
                    actor=upg,
                    on=reported,
                )
            reported += timedelta(days=2)
            with at(reported):
                g = services.gratification_complete(
                    gratification=g,
                    note="Foto parsel dan nota toko terlampir.",
                    actor=reporter,
                    on=reported,
                )
        if "forwarded" in steps:
            with at(reported):
                g = services.gratification_forward(
                    gratification=g, kpk_number=f"KPK/{year}/{g.pk:05d}", actor=upg, on=reported
                )
        if steps.endswith("forwarded_decided"):
            decided = _day(year, (6, 17))
            if decided <= today:
                with at(decided):
                    services.gratification_decide(
                        gratification=g, decision="milik_negara", actor=upg, on=decided
                    )

    opened = date(year, 1, 10)
    with at(opened):
        campaign = services.campaign_open(
            unit=unit,
            year=year,
            title=f"Pakta integritas dan deklarasi benturan kepentingan {year}",
            actor=sekretaris,
            on=opened,
        )
    signers = [
        ("ketua", "", "", ""),
        ("sekretaris", "", "", ""),
        ("pelaksana", "potensial", "keluarga", "Saudara kandung bekerja pada penyedia percetakan."),
        ("asesor", "", "", ""),
        ("adminunit", "", "", ""),
    ]
    for n, (who, kind, source, text) in enumerate(signers):
        signer = people.get(who)
        if signer is None:
            continue
        day = date(year, 1, 11 + n)
        with at(day):
            d = services.declaration_sign(
                campaign=campaign,
                actor=signer,
                conflict_kind=kind,
                conflict_source=source,
                conflict_description=text,
                on=day,
            )
        if kind:
            with at(date(year, 1, 20)):
                services.declaration_handle(
                    declaration=d,
                    note="Tidak dilibatkan dalam pengadaan percetakan surat suara.",
                    actor=sekretaris,
                    on=date(year, 1, 20),
                )
