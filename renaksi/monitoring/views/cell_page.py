"""The cell page: one indicator in one period of a plan, and how every action re-shows it.

A cell is reached through its plan (``plan_get``: 404 when the plan is not visible); an action the
user may not take answers 403 before any input is read. Reads go through the monitoring
selectors with ``user=``; the actions (``realisations``, ``evidence``) call the services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renaksi.monitoring import view_helpers as helpers
from renaksi.monitoring.forms import (
    EvidenceLinkForm,
    EvidenceUploadForm,
    RealisationForm,
    ReopenForm,
    ReviewForm,
    VersionForm,
)
from renaksi.monitoring.models import Evidence, Realisation, RealisationEvent
from renaksi.monitoring.queue import QUEUES, queue_place
from renaksi.monitoring.selectors import (
    evidence_list_for_realisation,
    evidence_list_visible,
    realisation_event_list,
    realisation_get_for_cell,
)
from renaksi.monitoring.services import MonitoringWriteError, RealisationConflictError
from renaksi.plans.models import Indicator, Plan
from renaksi.plans.selectors import plan_get
from renaksi.plans.view_helpers import can_import

LIBRARY_PICK_SIZE = 10
# Shown in the page (PDF in a frame, images as images); Office files are downloaded.
PREVIEWABLE = {"pdf", "png", "jpeg", "gif", "webp"}


@dataclass
class CellRef:
    plan: Plan
    indicator: Indicator
    period: int
    realisation: Realisation | None

    @property
    def obj(self):
        """What the permission rules are asked about: the realisation, or the indicator."""
        return self.realisation or self.indicator

    @property
    def version(self) -> int:
        return self.realisation.version if self.realisation else 0

    @property
    def url(self) -> str:
        return helpers.cell_url(self.plan.pk, self.indicator.pk, self.period)


def cell_for(request, plan_pk: int, indicator_pk: int, period: int) -> CellRef:
    """The cell if its plan is visible to the user; 404 otherwise (also for a wrong period)."""
    plan = plan_get(user=request.user, pk=plan_pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("activity__area", "sub_activity__parent", "pic"),
        pk=indicator_pk,
        activity__area__plan=plan,
    )
    if not 1 <= period <= plan.period_count:
        raise Http404
    # The rules walk indicator → … → plan → unit: reuse the plan and unit already loaded.
    indicator.activity.area.plan = plan
    realisation = realisation_get_for_cell(user=request.user, indicator=indicator, period=period)
    return CellRef(plan, indicator, period, realisation)


def require(request, perm: str, cell: CellRef) -> None:
    if not request.user.has_perm(perm, cell.obj):
        raise PermissionDenied


def realisation_of(cell: CellRef) -> Realisation:
    if cell.realisation is None:
        raise MonitoringWriteError(
            _("Sel ini belum berisi realisasi. Simpan realisasinya terlebih dahulu.")
        )
    return cell.realisation


# --- the page ----------------------------------------------------------------------------


def _realisation_initial(cell: CellRef) -> dict:
    r = cell.realisation
    if r is None:
        return {"version": 0, "status": Realisation.Status.NOT_STARTED, "progress": 0}
    return {
        "version": r.version,
        "status": r.status,
        "progress": r.progress,
        "value": helpers.normalised_decimal(r.value),
        "narrative": r.narrative,
        "obstacles": r.obstacles,
        "follow_up": r.follow_up,
        "done_on": r.done_on,
    }


def _target_help(cell: CellRef, facts: helpers.CellFacts) -> str:
    if facts.target is None:
        return ""
    target = f"{helpers.number_format(facts.target)} {cell.indicator.target_unit}".strip()
    return _("Target: %(target)s") % {"target": target}


def _library(request, cell: CellRef, query: str) -> list[Evidence]:
    items = evidence_list_visible(user=request.user, unit=cell.plan.unit, search=query)
    return list(items[:LIBRARY_PICK_SIZE])


def page(request, cell: CellRef, *, error: str = "", conflict: bool = False, status=200, **forms):
    user = request.user
    r = cell.realisation
    facts = helpers.cell_facts(
        plan=cell.plan,
        indicator=cell.indicator,
        period=cell.period,
        realisation=r,
        today=timezone.localdate(),
    )
    locked = r is not None and r.is_locked
    can_edit = user.has_perm("monitoring.change_realisation", cell.obj)
    state = r.review_state if r is not None else None
    States = Realisation.ReviewState
    events = list(realisation_event_list(user=user, realisation=r)) if r is not None else []
    evidence = list(evidence_list_for_realisation(user=user, realisation=r)) if r else []
    editable = can_edit and not locked
    library_query = request.GET.get("cari", "").strip()[:200]
    version = {"version": cell.version}
    context = {
        "can_import": can_import(user),
        "plan": cell.plan,
        "indicator": cell.indicator,
        "period": cell.period,
        "cell_url": cell.url,
        "facts": facts,
        "realisation": r,
        "stored_value": helpers.normalised_decimal(r.value) if r is not None else None,
        "locked": locked,
        "lock_reason": helpers.lock_reason(r),
        "editable": editable,
        "can_attach": editable and r is not None,
        "can_submit": r is not None
        and state in (States.DRAFT, States.RETURNED)
        and user.has_perm("monitoring.submit_realisation", r),
        "can_review": state == States.SUBMITTED
        and user.has_perm("monitoring.verify_realisation", r),
        "can_reopen": state == States.VERIFIED
        and user.has_perm("monitoring.reopen_realisation", r),
        "returned": helpers.last_event(events, RealisationEvent.Action.RETURNED)
        if state == States.RETURNED
        else None,
        "events": list(reversed(events)),
        "evidence": evidence,
        "attached_ids": {e.pk for e in evidence},
        "library_query": library_query,
        "error": error,
        "conflict": conflict,
        "realisation_form": forms.get("realisation_form")
        or RealisationForm(
            initial=_realisation_initial(cell),
            has_target=facts.has_target,
            target_help=_target_help(cell, facts),
        ),
        "upload_form": forms.get("upload_form") or EvidenceUploadForm(),
        "link_form": forms.get("link_form") or EvidenceLinkForm(),
        "submit_form": forms.get("submit_form") or VersionForm(initial=version),
        "review_form": forms.get("review_form") or ReviewForm(initial=version),
        "reopen_form": forms.get("reopen_form") or ReopenForm(initial=version),
    }
    if context["can_attach"]:
        context["library"] = _library(request, cell, library_query)
    queue = queue_name(request)
    context["queue"] = queue
    if queue:
        context["queue_place"] = queue_place(
            user=user, queue=queue, key=(cell.plan.pk, cell.indicator.pk, cell.period)
        )
    context["previews"] = [e for e in evidence if e.content_type in PREVIEWABLE]
    context["confirm_submit"] = (
        r is not None
        and r.status == Realisation.Status.DONE
        and (not evidence or not r.narrative.strip())
    )
    return render(request, "monitoring/cell_detail.html", context, status=status)


@login_required
@require_GET
def cell_detail(request, plan_pk: int, indicator_pk: int, period: int):
    return page(request, cell_for(request, plan_pk, indicator_pk, period))


@login_required
@require_GET
def cell_library_search(request, plan_pk: int, indicator_pk: int, period: int):
    """The library picker's results, for htmx (the page itself answers without JavaScript)."""
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)
    query = request.GET.get("cari", "").strip()[:200]
    attached = set()
    if cell.realisation is not None:
        evidence = evidence_list_for_realisation(user=request.user, realisation=cell.realisation)
        attached = set(evidence.values_list("pk", flat=True))
    return render(
        request,
        "monitoring/partials/library_results.html",
        {
            "library": _library(request, cell, query),
            "library_query": query,
            "attached_ids": attached,
            "cell_url": cell.url,
            "plan": cell.plan,
            "indicator": cell.indicator,
            "period": cell.period,
            "can_attach": cell.realisation is not None and not cell.realisation.is_locked,
        },
    )


# --- how every action ends ----------------------------------------------------------------


def queue_name(request) -> str:
    """The queue the person works through (``?antrian=`` on the page, a hidden field in forms)."""
    name = request.POST.get("antrian") or request.GET.get("antrian") or ""
    return name if name in QUEUES else ""


def queue_cell_url(request, cell: CellRef) -> str:
    name = queue_name(request)
    return f"{cell.url}?antrian={name}" if name else cell.url


def attempt(
    request,
    cell: CellRef,
    form,
    call,
    *,
    done: str,
    form_name: str,
    anchor: str = "",
    success_url=None,
):
    """Run ``call`` (a service) with the form's data; on success redirect back to the cell.

    A refusal re-shows the page with the service's message, the input kept, and the cell as it
    is stored now; a version conflict answers 409 and shows the stored values beside the input.
    """
    error, conflict = "", False
    if form.is_valid():
        try:
            call(form.cleaned_data)
        except RealisationConflictError as exc:
            error, conflict = str(exc), True
        except MonitoringWriteError as exc:
            error = str(exc)
        else:
            messages.success(request, done)
            url = success_url() if callable(success_url) else success_url
            return redirect(url or queue_cell_url(request, cell) + anchor)
    elif not any(
        name in form.fields and not form.fields[name].widget.is_hidden for name in form.errors
    ):
        error = _("Permintaan tidak lengkap. Muat ulang halaman, lalu coba lagi.")
    cell.realisation = realisation_get_for_cell(
        user=request.user, indicator=cell.indicator, period=cell.period
    )
    return page(
        request,
        cell,
        error=error,
        conflict=conflict,
        status=409 if conflict else 200,
        **{form_name: form},
    )
