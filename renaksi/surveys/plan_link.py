"""Plan indicators fed by the IKM: a link, the proposed realisation, and a pre-filled draft.

The proposal never submits: it saves a draft through ``monitoring.services.realisation_save``
(value = IKM, narrative naming the respondents and mutu) and the PIC still submits it.
"""

from __future__ import annotations

import calendar
from datetime import date as Date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.audit.services import audit_record
from renaksi.surveys.models import SurveyIndicatorLink
from renaksi.surveys.selectors import SurveyIkm, survey_ikm
from renaksi.surveys.services import _require_manager


def period_dates(plan, period: int) -> tuple[Date, Date]:
    """First and last day of a plan period (a month, or a quarter for quarterly plans)."""
    if plan.period_count == 4:
        first_month, last_month = 3 * period - 2, 3 * period
    else:
        first_month = last_month = period
    last_day = calendar.monthrange(plan.year, last_month)[1]
    return Date(plan.year, first_month, 1), Date(plan.year, last_month, last_day)


def indicator_link_create(*, indicator, unit=None, service=None, actor) -> SurveyIndicatorLink:
    plan_unit = indicator.activity.area.plan.unit
    unit = unit or plan_unit
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError(_("Layanan bukan milik satuan kerja itu."))
    with transaction.atomic(durable=True):
        _require_manager(actor, plan_unit)
        link, _created = SurveyIndicatorLink.objects.update_or_create(
            indicator=indicator, defaults={"unit": unit, "service": service}
        )
        audit_record(actor=actor, action="surveys.indicator_link", obj=link, unit=plan_unit)
    return link


def realisation_proposal(*, indicator, period: int, weights=None) -> SurveyIkm | None:
    """The IKM proposed as this cell's realisation: from 1 January to the period's end."""
    link = (
        SurveyIndicatorLink.objects.select_related("unit", "service")
        .filter(indicator=indicator)
        .first()
    )
    if link is None:
        return None
    plan = indicator.activity.area.plan
    _first, last = period_dates(plan, period)
    return survey_ikm(
        unit=link.unit, start=Date(plan.year, 1, 1), end=last, service=link.service, weights=weights
    )


def realisation_prefill(*, indicator, period: int, actor):
    """Save the proposed IKM as a draft realisation of the cell (the PIC still submits it)."""
    from renaksi.monitoring.models import Realisation
    from renaksi.monitoring.services import realisation_save

    proposal = realisation_proposal(indicator=indicator, period=period)
    if proposal is None or proposal.ikm is None:
        raise ValidationError(_("Belum ada IKM untuk periode ini."))
    from renaksi.plans.models import Target

    existing = Realisation.objects.filter(indicator=indicator, period=period).first()
    numeric = indicator.target_value is not None or (
        Target.objects.filter(indicator=indicator, period=period, value__isnull=False).exists()
    )
    narrative = _(
        "IKM %(ikm)s (mutu %(mutu)s, %(kinerja)s) dari %(n)s responden, %(start)s s.d. %(end)s."
    ) % {
        "ikm": format(proposal.ikm, "f").replace(".", ","),
        "mutu": proposal.mutu,
        "kinerja": _(proposal.kinerja),
        "n": proposal.respondents,
        "start": proposal.start.isoformat(),
        "end": proposal.end.isoformat(),
    }
    return realisation_save(
        indicator=indicator,
        period=period,
        actor=actor,
        expected_version=existing.version if existing else 0,
        status="done",
        progress=100,
        value=proposal.ikm if numeric else None,
        narrative=narrative,
        done_on=min(proposal.end, timezone.localdate()),
    )
