from django.core.management import call_command

from renaksi.audit.models import AuditEvent
from renaksi.chain.models import MonitoringReport
from renaksi.monitoring.models import Holiday
from renaksi.organisations.models import Membership, Unit, User
from renaksi.plans.models import Indicator, Plan


def test_it_builds_the_demo_tree_accounts_and_seed_plan_once(db, capsys):
    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    assert Unit.objects.get(code="17.09").parent.code == "17"
    assert Unit.objects.get(code="17").parent.code == "RI"
    assert Unit.objects.filter(parent__code="17").count() == 10
    plan = Plan.objects.get(unit__code="17.09", year=2022)
    assert plan.decree.signer_name.upper() == "BROTOSENO"
    assert Indicator.objects.filter(activity__area__plan=plan).count() > 100
    # The seed plan, the province's own plan (published as a template) and 17.01's adoption.
    assert sorted(Plan.objects.values_list("unit__code", flat=True)) == ["17", "17.01", "17.09"]
    assert Holiday.objects.filter(date="2022-05-02").exists()  # Idul Fitri 2022
    assert AuditEvent.objects.filter(action="plan.imported", unit__code="17.09").count() == 1
    assert MonitoringReport.objects.filter(plan=plan).count() == 2  # TW I and TW II, once
    for role in Membership.Role.values:
        assert Membership.objects.filter(unit__code="17.09", role=role).exists(), role
    assert User.objects.get(username="sekretaris").check_password("renaksi-demo")
    assert "Rencana aksi seed diimpor" in first and "Rencana aksi seed diimpor" not in second
    assert "sekretaris" in second and "renaksi-demo" in second
