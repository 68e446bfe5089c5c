"""Binding plan indicators to register figures, and proposing a period's realisation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.core.params import pk_or_none
from renaksi.plans.models import Indicator
from renaksi.registers import services
from renaksi.registers.models import IndicatorBinding, RegisterKind
from renaksi.registers.selectors.access import item_for, unit_for
from renaksi.registers.views._common import int_or_none, say_errors, today


@login_required
@require_http_methods(["GET", "POST"])
def binding_list(request, unit_pk: int):
    """The unit's managers bind an indicator of the unit's plans to a register figure."""
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm="plans.change_plan")
    indicators = (
        Indicator.objects.filter(activity__area__plan__unit=unit)
        .select_related("activity__area__plan")
        .order_by("-activity__area__plan__year", "pk")
    )
    if request.method == "POST":
        indicator = indicators.filter(pk=pk_or_none(request.POST.get("indicator"))).first()
        if indicator is None:
            messages.error(request, _("Pilih indikator dari rencana aksi satuan kerja ini."))
        else:
            try:
                services.binding_set(
                    indicator=indicator,
                    register=request.POST.get("register", ""),
                    figure=request.POST.get("figure", ""),
                    actor=request.user,
                )
            except services.RegisterError as exc:
                say_errors(request, exc)
            else:
                messages.success(request, _("Indikator dihubungkan ke register."))
                return redirect("binding_list", unit_pk=unit.pk)
    bindings = IndicatorBinding.objects.filter(
        indicator__activity__area__plan__unit=unit
    ).select_related("indicator__activity__area__plan")
    return render(
        request,
        "registers/binding_list.html",
        {
            "unit": unit,
            "bindings": bindings,
            "indicators": indicators[:500],
            "registers": RegisterKind.choices,
            "figures": IndicatorBinding.Figure.choices,
        },
    )


@login_required
@require_POST
def binding_propose(request, pk: int):
    """The PIC (or a manager) proposes the period's realisation from the register."""
    binding = item_for(
        user=request.user,
        model=IndicatorBinding,
        pk=pk,
        perm="monitoring.change_realisation",
        related=("indicator__activity__area__plan__unit",),
    )
    plan = binding.indicator.activity.area.plan
    period = int_or_none(request.POST.get("period")) or 0
    try:
        services.binding_propose(binding=binding, period=period, actor=request.user, today=today())
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(
            request, _("Realisasi diusulkan dari register; periksa lalu ajukan kepada Tim Asesor.")
        )
    if request.POST.get("next") == "cell" and 1 <= period <= plan.period_count:
        return redirect(
            "cell_detail", plan_pk=plan.pk, indicator_pk=binding.indicator_id, period=period
        )
    return redirect("binding_list", unit_pk=plan.unit_id)
