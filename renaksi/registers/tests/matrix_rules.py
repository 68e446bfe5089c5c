"""The registers' routes in the permission matrix (see renaksi/core/tests/matrix_plugins.py).

In every target unit: a complaint with a PDF attachment, an answered information request, a
gratification report, and a 2023 integrity campaign with one declared conflict. At 17.09 the
pelaksana reports the gift and declares the conflict, and the ketua is the UPG; elsewhere a
non-persona member does both, so no persona but those two may read a report.
"""

from __future__ import annotations

from datetime import date

from renaksi.core.tests.matrix_rules_api import (
    NO_TARGET,
    TARGET_UNITS,
    Rule,
    anyone_signed_in,
    cell_editors,
    managers,
)
from renaksi.monitoring.tests import files

UPG_AT_17_09 = "ketua"
REPORTER_AT_17_09 = "pelaksana"


def everyone(persona: str, rel: str) -> bool:
    return True


def members(persona: str, rel: str) -> bool:
    return rel == "own"


def gratification_readers(persona: str, rel: str) -> bool:
    return rel == "own" and persona in (UPG_AT_17_09, REPORTER_AT_17_09)


def upg_only(persona: str, rel: str) -> bool:
    return rel == "own" and persona == UPG_AT_17_09


def _x(name):
    return lambda t: t.extra[name]


def unit_pk(t):
    return {"unit_pk": t.unit.pk}


ROUTES = {
    # public pages: anyone, signed in or not; a unit's form names the unit by design
    "public_complaint": Rule(
        everyone,
        kwargs=lambda t: {"unit_code": t.unit.code},
        methods=("GET", "POST"),
        targets=("17.09",),
        discloses=("17.09",),
        anonymous=True,
    ),
    "public_request": Rule(
        everyone,
        kwargs=lambda t: {"unit_code": t.unit.code},
        methods=("GET", "POST"),
        targets=("17.09",),
        discloses=("17.09",),
        anonymous=True,
    ),
    "public_track": Rule(everyone, methods=("GET", "POST"), targets=(NO_TARGET,), anonymous=True),
    "public_objection": Rule(
        everyone, methods=("GET", "POST"), targets=(NO_TARGET,), anonymous=True
    ),
    # staff registers: the unit's managers (and named officers, none in the matrix world)
    "registers_home": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "complaint_list": Rule(managers, kwargs=unit_pk),
    "complaint_detail": Rule(managers, kwargs=lambda t: {"pk": t.extra["complaint"].pk}),
    "complaint_act": Rule(
        managers,
        kwargs=lambda t: {"pk": t.extra["complaint"].pk},
        methods=("POST",),
        body=lambda t: {"action": "classify", "classification": "ringan"},
    ),
    "complaint_attachment": Rule(
        managers, kwargs=lambda t: {"pk": t.extra["complaint"].attachments.get().pk}
    ),
    "request_list": Rule(managers, kwargs=unit_pk),
    "request_new": Rule(managers, kwargs=unit_pk, methods=("GET", "POST")),
    "request_detail": Rule(managers, kwargs=lambda t: {"pk": t.extra["request"].pk}),
    "request_act": Rule(
        managers,
        kwargs=lambda t: {"pk": t.extra["request"].pk},
        methods=("POST",),
        body=lambda t: {"action": "close"},
    ),
    "request_letter": Rule(
        managers,
        kwargs=lambda t: {"pk": t.extra["request"].pk, "kind": "pemberitahuan", "fmt": "docx"},
    ),
    "register_report": Rule(managers, kwargs=lambda t: {"unit_pk": t.unit.pk, "kind": "pengaduan"}),
    # gratification: the reporter and the UPG only
    "gratification_list": Rule(anyone_signed_in, targets=(NO_TARGET,)),
    "gratification_new": Rule(anyone_signed_in, methods=("GET", "POST"), targets=(NO_TARGET,)),
    "gratification_detail": Rule(
        gratification_readers, kwargs=lambda t: {"pk": t.extra["gratification"].pk}
    ),
    "gratification_act": Rule(
        upg_only,
        kwargs=lambda t: {"pk": t.extra["gratification"].pk},
        methods=("POST",),
        body=lambda t: {"action": "review", "note": "ditelaah"},
    ),
    "gratification_complete": Rule(
        gratification_readers,
        kwargs=lambda t: {"pk": t.extra["gratification"].pk},
        methods=("POST",),
        body=lambda t: {"note": "Foto terlampir."},
    ),
    # integrity campaigns: managers follow, members sign
    "integrity_list": Rule(
        managers,
        kwargs=unit_pk,
        methods=("GET", "POST"),
        body=lambda t: {"year": "2023", "title": "Kampanye kedua"},
    ),
    "campaign_detail": Rule(managers, kwargs=lambda t: {"pk": t.extra["campaign"].pk}),
    "campaign_sign": Rule(
        members,
        kwargs=lambda t: {"pk": t.extra["campaign"].pk},
        methods=("GET", "POST"),
        body=lambda t: {"agree": "on"},
    ),
    "declaration_handle": Rule(
        managers,
        kwargs=lambda t: {"pk": t.extra["declaration"].pk},
        methods=("POST",),
        body=lambda t: {"note": "Tidak ikut panitia pengadaan"},
    ),
    # plan indicators counted from a register
    "binding_list": Rule(
        managers,
        kwargs=unit_pk,
        methods=("GET", "POST"),
        body=lambda t: {"indicator": t.indicator.pk, "register": "ppid", "figure": "received"},
    ),
    "binding_propose": Rule(
        cell_editors,
        kwargs=lambda t: {"pk": t.extra["binding"].pk},
        methods=("POST",),
        body=lambda t: {"period": "2"},
    ),
}


def extend_world(world) -> None:
    from renaksi.conftest import UserFactory, member
    from renaksi.organisations.models import Membership
    from renaksi.registers import services
    from renaksi.registers.models import IndicatorBinding, RegisterOfficer

    for code in TARGET_UNITS:
        t = world.targets[code]
        unit = t.unit
        if code == "17.09":
            reporter, upg = world.users[REPORTER_AT_17_09], world.users[UPG_AT_17_09]
        else:
            reporter = UserFactory(username=f"pegawai_{code}")
            member(reporter, unit, Membership.Role.PELAKSANA)
            upg = UserFactory(username=f"upg_{code}")
            member(upg, unit, Membership.Role.VIEWER)
        RegisterOfficer.objects.create(unit=unit, user=upg, role=RegisterOfficer.Role.UPG)
        on = date(2023, 3, 1)
        complaint = services.complaint_submit(
            unit=unit,
            subject="Layanan lambat",
            body="Permohonan salinan data tidak dilayani.",
            anonymous=False,
            name=f"Warga {code}",
            contact="0812",
            uploads=[services.Upload("bukti.pdf", files.PDF)],
            on=on,
        )
        request = services.info_request_submit(
            unit=unit,
            requester_name="Pemohon",
            contact="pemohon@example.org",
            information="Salinan DPT",
            purpose="Penelitian",
            on=on,
        )
        request = services.info_request_decide(
            info_request=request, decision="dikabulkan", note="Terlampir.", actor=None, on=on
        )
        gratification = services.gratification_report(
            unit=unit,
            reporter=reporter,
            received_on=on,
            giver_name="Rekanan",
            giver_relation="rekanan",
            occasion="lainnya",
            form="barang",
            description="Parsel",
            estimated_value="500000",
            actor=reporter,
            on=on,
        )
        campaign = services.campaign_open(
            unit=unit, year=2023, title="Pakta integritas 2023", actor=None, on=on
        )
        declaration = services.declaration_sign(
            campaign=campaign,
            actor=reporter,
            conflict_kind="potensial",
            conflict_source="keluarga",
            conflict_description="Kerabat penyedia",
            on=on,
        )
        binding = IndicatorBinding.objects.create(
            indicator=t.indicator, register="pengaduan", figure="received"
        )
        t.extra.update(
            binding=binding,
            complaint=complaint,
            request=request,
            gratification=gratification,
            campaign=campaign,
            declaration=declaration,
        )


def fingerprint() -> tuple:
    from renaksi.registers.models import (
        Complaint,
        Declaration,
        Gratification,
        IndicatorBinding,
        InfoRequest,
        IntegrityCampaign,
        RegisterEvent,
    )

    return (
        list(Complaint.objects.order_by("pk").values_list("pk", "status", "classification")),
        list(InfoRequest.objects.order_by("pk").values_list("pk", "status")),
        list(Gratification.objects.order_by("pk").values_list("pk", "status")),
        list(Declaration.objects.order_by("pk").values_list("pk", "handling")),
        IntegrityCampaign.objects.count(),
        RegisterEvent.objects.count(),
        list(IndicatorBinding.objects.order_by("pk").values_list("pk", "register", "figure")),
    )


# The figures fragments (views.figures): read like the plan and the unit.
def _figures_rules():
    from renaksi.core.tests.matrix_rules_api import Rule, readers

    return {
        "register_figures_plan": Rule(readers, kwargs=lambda t: {"plan_pk": t.plan.pk}),
        "register_figures_unit": Rule(
            readers, kwargs=lambda t: {"unit_pk": t.unit.pk, "year": t.plan.year}
        ),
    }


ROUTES.update(_figures_rules())
