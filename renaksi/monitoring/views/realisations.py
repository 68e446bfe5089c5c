"""The realisation's own actions: save, submit, verify, return, reopen."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
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


def _transition(*, perm: str, form_class, service, note: str | None, done: str, form_name: str):
    """A view for one step of the verification loop: check, validate, call ``service``, answer.

    ``note`` names the form field passed to the service under the same name (the assessor's note,
    the Sekretaris' reason), or is None for a step without one.
    """

    @login_required
    @require_POST
    def view(request, plan_pk: int, indicator_pk: int, period: int):
        cell = cell_for(request, plan_pk, indicator_pk, period)
        require(request, perm, cell)

        def call(data):
            extra = {note: data[note]} if note else {}
            service(
                realisation=realisation_of(cell),
                actor=request.user,
                expected_version=data["version"],
                **extra,
            )

        return attempt(
            request, cell, form_class(request.POST), call, done=_(done), form_name=form_name
        )

    return view


# The messages are marked here for extraction and translated when the view answers.
cell_submit = _transition(
    perm="monitoring.submit_realisation",
    form_class=VersionForm,
    service=realisation_submit,
    note=None,
    done=gettext_noop("Realisasi diajukan kepada Tim Asesor untuk diverifikasi."),
    form_name="submit_form",
)
cell_verify = _transition(
    perm="monitoring.verify_realisation",
    form_class=ReviewForm,
    service=realisation_verify,
    note="note",
    done=gettext_noop("Realisasi diverifikasi dan kini terkunci."),
    form_name="review_form",
)
cell_return = _transition(
    perm="monitoring.verify_realisation",
    form_class=ReviewForm,
    service=realisation_return,
    note="note",
    done=gettext_noop("Realisasi dikembalikan kepada penanggung jawab untuk diperbaiki."),
    form_name="review_form",
)
cell_reopen = _transition(
    perm="monitoring.reopen_realisation",
    form_class=ReopenForm,
    service=realisation_reopen,
    note="reason",
    done=gettext_noop("Realisasi dibuka kembali dan dapat diubah lagi."),
    form_name="reopen_form",
)
