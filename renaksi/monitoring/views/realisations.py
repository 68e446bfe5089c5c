"""The realisation's own actions: save, submit, verify, return, reopen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renaksi.monitoring import view_helpers as helpers
from renaksi.monitoring.forms import RealisationForm, ReopenForm, ReviewForm, VersionForm
from renaksi.monitoring.services import (
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.views.cell_page import attempt, cell_for, realisation_of, require


@login_required
@require_POST
def cell_save(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)
    has_target = helpers.cell_has_target(cell.indicator, cell.period)
    form = RealisationForm(request.POST, has_target=has_target)

    def call(data):
        realisation_save(
            indicator=cell.indicator,
            period=cell.period,
            actor=request.user,
            expected_version=data["version"],
            status=data["status"],
            progress=data["progress"],
            value=data.get("value"),
            narrative=data["narrative"],
            obstacles=data["obstacles"],
            follow_up=data["follow_up"],
            done_on=data["done_on"],
        )

    return attempt(
        request, cell, form, call, done=_("Realisasi disimpan."), form_name="realisation_form"
    )


@login_required
@require_POST
def cell_submit(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.submit_realisation", cell)

    def call(data):
        realisation_submit(
            realisation=realisation_of(cell),
            actor=request.user,
            expected_version=data["version"],
        )

    return attempt(
        request,
        cell,
        VersionForm(request.POST),
        call,
        done=_("Realisasi diajukan kepada Tim Asesor untuk diverifikasi."),
        form_name="submit_form",
    )


@login_required
@require_POST
def cell_verify(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.verify_realisation", cell)

    def call(data):
        realisation_verify(
            realisation=realisation_of(cell),
            actor=request.user,
            note=data["note"],
            expected_version=data["version"],
        )

    return attempt(
        request,
        cell,
        ReviewForm(request.POST),
        call,
        done=_("Realisasi diverifikasi dan kini terkunci."),
        form_name="review_form",
    )


@login_required
@require_POST
def cell_return(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.verify_realisation", cell)

    def call(data):
        realisation_return(
            realisation=realisation_of(cell),
            actor=request.user,
            note=data["note"],
            expected_version=data["version"],
        )

    return attempt(
        request,
        cell,
        ReviewForm(request.POST),
        call,
        done=_("Realisasi dikembalikan kepada penanggung jawab untuk diperbaiki."),
        form_name="review_form",
    )


@login_required
@require_POST
def cell_reopen(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.reopen_realisation", cell)

    def call(data):
        realisation_reopen(
            realisation=realisation_of(cell),
            actor=request.user,
            reason=data["reason"],
            expected_version=data["version"],
        )

    return attempt(
        request,
        cell,
        ReopenForm(request.POST),
        call,
        done=_("Realisasi dibuka kembali dan dapat diubah lagi."),
        form_name="reopen_form",
    )
