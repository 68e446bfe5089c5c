"""Integrity campaigns: the managers open and follow them; each member signs their own."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.organisations.models import Membership
from renaksi.registers import services
from renaksi.registers.forms import DeclarationForm
from renaksi.registers.models import Declaration, IntegrityCampaign
from renaksi.registers.selectors.access import item_for, unit_for
from renaksi.registers.selectors.due import Clock
from renaksi.registers.views._common import int_or_none, say_errors, today

MANAGE = "registers.manage_integrity"


@login_required
@require_http_methods(["GET", "POST"])
def integrity_list(request, unit_pk: int):
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=MANAGE)
    if request.method == "POST":
        try:
            campaign = services.campaign_open(
                unit=unit,
                year=int_or_none(request.POST.get("year")) or today().year,
                title=request.POST.get("title", ""),
                actor=request.user,
            )
        except services.RegisterError as exc:
            say_errors(request, exc)
        else:
            messages.success(request, _("Kampanye dibuka."))
            return redirect("campaign_detail", pk=campaign.pk)
    campaigns = IntegrityCampaign.objects.filter(unit=unit)
    return render(
        request,
        "registers/integrity_list.html",
        {"unit": unit, "campaigns": campaigns, "year": today().year},
    )


@login_required
def campaign_detail(request, pk: int):
    campaign = item_for(user=request.user, model=IntegrityCampaign, pk=pk, perm=MANAGE)
    declarations = list(campaign.declarations.select_related("user"))
    members = (
        Membership.objects.filter(unit=campaign.unit)
        .select_related("user")
        .order_by("user__username")
    )
    signed = {d.user_id for d in declarations}
    people = list(dict.fromkeys(m.user for m in members))
    pct = round(100 * len(signed & {u.pk for u in people}) / len(people), 1) if people else None
    return render(
        request,
        "registers/campaign_detail.html",
        {
            "campaign": campaign,
            "declarations": declarations,
            "unsigned": [u for u in people if u.pk not in signed],
            "pct": pct,
            "due": Clock([campaign.year]).campaign(campaign),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_sign(request, pk: int):
    campaign = item_for(user=request.user, model=IntegrityCampaign, pk=pk, perm="registers.declare")
    mine = Declaration.objects.filter(campaign=campaign, user=request.user).first()
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and mine is None and form.is_valid():
        try:
            mine = services.declaration_sign(
                campaign=campaign,
                actor=request.user,
                conflict_kind=form.cleaned_data["conflict_kind"],
                conflict_source=form.cleaned_data["conflict_source"],
                conflict_description=form.cleaned_data["conflict_description"],
            )
        except services.RegisterError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Terima kasih, pakta integritas Anda tercatat."))
            return redirect("campaign_sign", pk=campaign.pk)
    return render(
        request,
        "registers/campaign_sign.html",
        {"campaign": campaign, "mine": mine, "form": form},
    )


@login_required
@require_POST
def declaration_handle(request, pk: int):
    d = item_for(
        user=request.user,
        model=Declaration,
        pk=pk,
        perm=MANAGE,
        related=("campaign__unit",),
    )
    try:
        services.declaration_handle(
            declaration=d, note=request.POST.get("note", ""), actor=request.user
        )
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(request, _("Pengendalian dicatat."))
    return redirect("campaign_detail", pk=d.campaign_id)
