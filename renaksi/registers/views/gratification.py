"""Gratification: confidential; only the reporter and the unit's UPG read a report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.core.params import pk_or_none
from renaksi.organisations.models import Membership, Unit, User
from renaksi.registers import services
from renaksi.registers.forms import GratificationForm
from renaksi.registers.models import Gratification, RegisterOfficer
from renaksi.registers.selectors.access import item_for
from renaksi.registers.selectors.due import Clock
from renaksi.registers.selectors.lists import gratification_rows
from renaksi.registers.views._common import say_errors, today

VIEW = "registers.view_gratification"


@login_required
def gratification_list(request):
    rows = gratification_rows(user=request.user, today=today())
    upg_units = RegisterOfficer.objects.filter(
        user=request.user, role=RegisterOfficer.Role.UPG
    ).exists()
    return render(request, "registers/gratification_list.html", {"rows": rows, "upg": upg_units})


def _units_for_report(user):
    """Units the user reports from (a member) or reports for (UPG)."""
    own = Unit.objects.filter(memberships__user=user)
    upg = Unit.objects.filter(register_officers__user=user, register_officers__role="upg")
    return (own | upg).distinct().order_by("code")


@login_required
@require_http_methods(["GET", "POST"])
def gratification_new(request):
    units = list(_units_for_report(request.user))
    form = GratificationForm(request.POST or None, initial={"received_on": today()})
    form.fields["unit"].choices = [(u.pk, f"{u.code} {u.name}") for u in units]
    upg_units = {
        pk
        for pk in RegisterOfficer.objects.filter(
            user=request.user, role=RegisterOfficer.Role.UPG
        ).values_list("unit_id", flat=True)
    }
    reporters = (
        User.objects.filter(memberships__unit_id__in=upg_units).distinct().order_by("username")
        if upg_units
        else User.objects.none()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next(u for u in units if str(u.pk) == data["unit"])
        reporter = request.user
        chosen = pk_or_none(request.POST.get("reporter"))
        if chosen and chosen != request.user.pk and unit.pk in upg_units:
            reporter = reporters.filter(pk=chosen).first() or request.user
        if not Membership.objects.filter(user=reporter, unit=unit).exists() and (
            unit.pk not in upg_units
        ):
            form.add_error("unit", _("Anda bukan anggota satuan kerja ini."))
        else:
            try:
                g = services.gratification_report(
                    unit=unit,
                    reporter=reporter,
                    received_on=data["received_on"],
                    giver_name=data["giver_name"],
                    giver_relation=data["giver_relation"],
                    occasion=data["occasion"],
                    form=data["form"],
                    description=data["description"],
                    estimated_value=data["estimated_value"],
                    actor=request.user,
                )
            except services.RegisterError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Laporan %(n)s diterima UPG.") % {"n": g.number})
                return redirect("gratification_detail", pk=g.pk)
    return render(
        request,
        "registers/gratification_new.html",
        {"form": form, "reporters": reporters, "no_unit": not units},
    )


@login_required
def gratification_detail(request, pk: int):
    g = item_for(
        user=request.user, model=Gratification, pk=pk, perm=VIEW, related=("unit", "reporter")
    )
    clock = Clock([g.received_on.year])
    return render(
        request,
        "registers/gratification_detail.html",
        {
            "g": g,
            "due": clock.gratification(g),
            "late": clock.gratification_reported_late(g),
            "events": g.events.select_related("actor"),
            "upg": request.user.has_perm("registers.handle_gratification", g),
        },
    )


@login_required
@require_POST
def gratification_act(request, pk: int):
    g = item_for(
        user=request.user, model=Gratification, pk=pk, perm="registers.handle_gratification"
    )
    action, post, actor = request.POST.get("action"), request.POST, request.user
    try:
        if action == "review":
            services.gratification_review(gratification=g, note=post.get("note", ""), actor=actor)
        elif action == "ask_completion":
            services.gratification_ask_completion(
                gratification=g, note=post.get("note", ""), actor=actor
            )
        elif action == "lapse":
            services.gratification_lapse(gratification=g, actor=actor)
        elif action == "not_required":
            services.gratification_not_required(
                gratification=g, note=post.get("note", ""), actor=actor
            )
        elif action == "forward":
            services.gratification_forward(
                gratification=g, kpk_number=post.get("kpk_number", ""), actor=actor
            )
        elif action == "decide":
            services.gratification_decide(
                gratification=g, decision=post.get("decision", ""), actor=actor
            )
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
            return redirect("gratification_detail", pk=g.pk)
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(request, _("Laporan %(n)s diperbarui.") % {"n": g.number})
    return redirect("gratification_detail", pk=g.pk)


@login_required
@require_POST
def gratification_complete(request, pk: int):
    """The reporter sends what the UPG asked for (the UPG may type it in for them)."""
    g = item_for(user=request.user, model=Gratification, pk=pk, perm=VIEW)
    try:
        services.gratification_complete(
            gratification=g, note=request.POST.get("note", ""), actor=request.user
        )
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(request, _("Kelengkapan laporan %(n)s diterima UPG.") % {"n": g.number})
    return redirect("gratification_detail", pk=g.pk)
