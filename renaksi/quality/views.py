"""Plan quality pages: thin callers of the quality selectors and services."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.organisations.models import Membership
from renaksi.plans.models import Indicator
from renaksi.plans.selectors import plan_get
from renaksi.plans.services import PlanWriteError
from renaksi.quality import services
from renaksi.quality.national.export import national_json_bytes, national_xlsx_bytes
from renaksi.quality.selectors import plan_quality, plan_year_over_year


def _context(request, plan) -> dict:
    report = plan_quality(plan=plan, today=timezone.localdate())
    user = request.user
    can_change = user.has_perm("plans.change_plan", plan)
    return {
        "plan": plan,
        "report": report,
        "can_change": can_change,
        "can_confirm": plan.is_draft
        and can_change
        and (
            user.is_superuser
            or Membership.objects.filter(
                user=user, unit_id=plan.unit_id, role=Membership.Role.SEKRETARIS
            ).exists()
        ),
    }


@login_required
def plan_quality_page(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    return render(request, "quality/plan_quality.html", _context(request, plan))


@login_required
def plan_quality_panel(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    return render(request, "quality/partials/panel.html", _context(request, plan))


def _plan_for_change(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    return plan


@login_required
@require_POST
def plan_baselines_fill_view(request, pk: int):
    plan = _plan_for_change(request, pk)
    try:
        count = services.plan_baselines_fill(plan=plan, actor=request.user)
    except PlanWriteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s baseline diisi.") % {"n": count})
    return redirect("plan_quality", pk=plan.pk)


@login_required
@require_POST
def plan_next_year_view(request, pk: int):
    plan = _plan_for_change(request, pk)
    try:
        new = services.plan_next_year_create(plan=plan, actor=request.user)
    except PlanWriteError as exc:
        messages.error(request, str(exc))
        return redirect("plan_quality", pk=plan.pk)
    messages.success(
        request,
        _("Rencana tahun %(year)s dibuat sebagai draf; Sekretaris mengonfirmasinya.")
        % {"year": new.year},
    )
    return redirect("plan_quality", pk=new.pk)


@login_required
@require_POST
def plan_confirm_view(request, pk: int):
    plan = _plan_for_change(request, pk)
    try:
        services.plan_confirm(plan=plan, actor=request.user)
    except PlanWriteError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Rencana aksi dikonfirmasi."))
    return redirect("plan_quality", pk=plan.pk)


@login_required
def plan_year_over_year_view(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    years, rows = plan_year_over_year(plan=plan)
    return render(
        request, "quality/year_over_year.html", {"plan": plan, "years": years, "rows": rows}
    )


@login_required
def plan_national_export(request, pk: int, fmt: str):
    plan = plan_get(user=request.user, pk=pk)
    name = f"renaksi-nasional-{plan.unit.code}-{plan.year}-{plan.kind}"
    if fmt == "json":
        body, content_type = national_json_bytes(plan=plan), "application/json"
    elif fmt == "xlsx":
        body = national_xlsx_bytes(plan=plan)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class IndicatorTargetsForm(forms.Form):
    baseline = forms.DecimalField(
        label=gettext_lazy("Baseline (realisasi tahun lalu)"),
        required=False,
        max_digits=18,
        decimal_places=4,
        localize=True,
    )
    yearly_target = forms.DecimalField(
        label=gettext_lazy("Target tahunan"),
        required=False,
        max_digits=18,
        decimal_places=4,
        localize=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets_edit(request, pk: int, indicator_pk: int):
    plan = _plan_for_change(request, pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("activity__area__plan__unit"),
        pk=indicator_pk,
        activity__area__plan=plan,
    )
    form = IndicatorTargetsForm(
        request.POST or None,
        initial={"baseline": indicator.baseline, "yearly_target": indicator.yearly_target},
    )
    back = reverse("plan_quality", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        services.indicator_targets_update(
            indicator=indicator, actor=request.user, **form.cleaned_data
        )
        messages.success(request, _("Perubahan disimpan."))
        return redirect(back)
    return render(
        request,
        "plans/edit.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Baseline dan target tahunan"),
            "subject": str(indicator),
            "cancel_url": back,
        },
    )


class PlanKindForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Jenis rencana"))
    theme = forms.ChoiceField(label=gettext_lazy("Tema RB Tematik"), required=False)
    focus = forms.ChoiceField(label=gettext_lazy("Fokus intervensi"), required=False)

    def __init__(self, *args, plan, **kwargs):
        from renaksi.plans.models import PlanKind
        from renaksi.quality.themes import FOCUS, THEMES, choices_with

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PlanKind.choices
        self.fields["theme"].choices = choices_with(plan.theme, THEMES)
        self.fields["focus"].choices = choices_with(plan.focus, FOCUS)


@login_required
@require_http_methods(["GET", "POST"])
def plan_kind_edit(request, pk: int):
    plan = _plan_for_change(request, pk)
    form = PlanKindForm(
        request.POST or None,
        plan=plan,
        initial={"kind": plan.kind, "theme": plan.theme, "focus": plan.focus},
    )
    back = reverse("plan_detail", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_kind_set(plan=plan, actor=request.user, **form.cleaned_data)
        except PlanWriteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Jenis rencana disimpan."))
            return redirect(back)
    return render(
        request,
        "plans/edit.html",
        {
            "plan": plan,
            "form": form,
            "title": _("Jenis rencana: RB General atau RB Tematik"),
            "subject": str(plan),
            "cancel_url": back,
        },
    )
