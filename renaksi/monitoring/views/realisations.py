"""The realisation's own actions: save, submit, verify, return, reopen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from renaksi.monitoring import view_helpers as helpers
from renaksi.monitoring.forms import RealisationForm, ReopenForm, ReviewForm, VersionForm
from renaksi.monitoring.queue import next_after, queue_keys
from renaksi.monitoring.services import (
    MonitoringWriteError,
    evidence_link_add,
    evidence_max_bytes,
    evidence_upload,
    realisation_reopen,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.task_providers import QUEUE_MINE, QUEUE_VERIFY, cell_link
from renaksi.monitoring.views.cell_page import (
    attempt,
    cell_for,
    page,
    queue_name,
    realisation_of,
    require,
)

# Room for the multipart headers and the text fields around the files themselves.
UPLOAD_OVERHEAD_BYTES = 256 * 1024


@csrf_exempt  # the CSRF check runs in _save, after the size-limiting handler is in place
@login_required
@require_POST
def cell_save(request, plan_pk: int, indicator_pk: int, period: int):
    """Save the realisation with any new file, photo and link, in one submit.

    The realisation is saved first, so what was typed is kept even when a file is refused; the
    refusal is then shown on the cell page beside the stored values.
    """
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)
    limit = evidence_max_bytes()
    announced = int(request.META.get("CONTENT_LENGTH") or 0)
    if announced > 2 * limit + UPLOAD_OVERHEAD_BYTES:
        error = _("Unggahan terlalu besar (%(size)s; paling besar %(limit)s).") % {
            "size": helpers.megabytes(announced),
            "limit": helpers.megabytes(limit),
        }
        return page(request, cell, error=error, status=413)
    request.upload_handlers.insert(0, helpers.EvidenceSizeLimitHandler(request, limit=limit))
    return _save(request, cell)


@csrf_protect
def _save(request, cell):
    has_target = helpers.cell_has_target(cell.indicator, cell.period)
    form = RealisationForm(request.POST, request.FILES, has_target=has_target)
    refused: list[str] = []

    def call(data):
        realisation = realisation_save(
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
        for upload in (data.get("new_file"), data.get("photo")):
            if upload is None:
                continue
            try:
                evidence_upload(realisation=realisation, upload=upload, actor=request.user)
            except MonitoringWriteError as exc:
                refused.append(str(exc))
        if data.get("link_url"):
            try:
                evidence_link_add(
                    realisation=realisation,
                    url=data["link_url"],
                    title=data.get("link_title", ""),
                    actor=request.user,
                )
            except MonitoringWriteError as exc:
                refused.append(str(exc))
        for message in refused:
            messages.error(
                request,
                _("Realisasi disimpan, tetapi data dukung ditolak: %(reason)s")
                % {"reason": message},
            )

    def success_url():
        if refused or request.POST.get("lanjut") != "1":
            return None
        keys = queue_keys(user=request.user, queue=QUEUE_MINE)
        following = next_after(keys, (cell.plan.pk, cell.indicator.pk, cell.period))
        if following is None:
            messages.info(request, _("Antrean Anda selesai: tidak ada sel lain yang menunggu."))
            return reverse("home")
        return cell_link(*following, queue=QUEUE_MINE)

    return attempt(
        request,
        cell,
        form,
        call,
        done=_("Realisasi disimpan."),
        form_name="realisation_form",
        success_url=success_url,
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

        queue = queue_name(request)
        key = (cell.plan.pk, cell.indicator.pk, cell.period)
        # The assessor's queue goes on to the next cell once this one has left it (worked out
        # before it leaves); the other steps come back to the cell.
        following = (
            next_after(queue_keys(user=request.user, queue=queue), key)
            if queue == QUEUE_VERIFY
            else None
        )

        def call(data):
            extra = {note: data[note]} if note else {}
            service(
                realisation=realisation_of(cell),
                actor=request.user,
                expected_version=data["version"],
                **extra,
            )

        return attempt(
            request,
            cell,
            form_class(request.POST),
            call,
            done=_(done),
            form_name=form_name,
            success_url=cell_link(*following, queue=queue) if following else None,
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
