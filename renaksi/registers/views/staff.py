"""The staff registers of complaints and information requests (handlers of the unit only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.core.params import pk_or_none
from renaksi.monitoring import evidence as evidence_files
from renaksi.organisations.models import Membership, Unit, User
from renaksi.organisations.rules import MANAGER_ROLES
from renaksi.registers import services
from renaksi.registers.deadlines import rules_for_year
from renaksi.registers.forms import RequestStaffForm
from renaksi.registers.models import (
    Complaint,
    ComplaintAttachment,
    InfoRequest,
    RegisterOfficer,
)
from renaksi.registers.selectors.access import item_for, unit_for
from renaksi.registers.selectors.due import Clock
from renaksi.registers.selectors.lists import Filters, complaint_rows, officers_of, request_rows
from renaksi.registers.views._common import int_or_none, say_errors, today

COMPLAINTS = "registers.handle_complaints"
REQUESTS = "registers.handle_requests"


def _filters(request) -> Filters:
    g = request.GET
    return Filters(
        year=int_or_none(g.get("tahun")),
        status=g.get("status", "")[:20],
        classification=g.get("klasifikasi", "")[:20],
        overdue=g.get("terlambat") == "1",
        q=g.get("q", "").strip()[:40],
    )


@login_required
def registers_home(request):
    """The registers the user handles, per unit, with links; three queries."""
    user = request.user
    if user.is_superuser:
        managed = officer = set(Unit.objects.values_list("pk", flat=True))
        roles = {}
    else:
        managed = set(
            Membership.objects.filter(user=user, role__in=MANAGER_ROLES).values_list(
                "unit_id", flat=True
            )
        )
        roles = {}
        for unit_id, role in RegisterOfficer.objects.filter(user=user).values_list(
            "unit_id", "role"
        ):
            roles.setdefault(unit_id, set()).add(role)
        officer = set(roles)
    R = RegisterOfficer.Role
    handled = []
    for u in Unit.objects.filter(pk__in=managed | officer).order_by("code")[:300]:
        mine = roles.get(u.pk, set())
        handled.append(
            {
                "unit": u,
                "complaints": u.pk in managed or R.PENGADUAN in mine,
                "requests": u.pk in managed or bool({R.PPID, R.ATASAN_PPID} & mine),
                "integrity": u.pk in managed,
            }
        )
    handled = [h for h in handled if h["complaints"] or h["requests"] or h["integrity"]]
    year = int_or_none(request.GET.get("tahun")) or today().year
    year = year if 2000 <= year <= 2100 else today().year
    return render(
        request,
        "registers/home.html",
        {"handled": handled, "rules": rules_for_year(year), "year": year},
    )


@login_required
def complaint_list(request, unit_pk: int):
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=COMPLAINTS)
    filters = _filters(request)
    rows = complaint_rows(unit=unit, filters=filters, today=today())
    return render(
        request,
        "registers/complaint_list.html",
        {
            "unit": unit,
            "rows": rows,
            "filters": filters,
            "statuses": Complaint.Status.choices,
            "classes": Complaint.Classification.choices,
        },
    )


@login_required
def complaint_detail(request, pk: int):
    c = item_for(user=request.user, model=Complaint, pk=pk, perm=COMPLAINTS)
    clock = Clock([c.received_on.year])
    return render(
        request,
        "registers/complaint_detail.html",
        {
            "c": c,
            "due": clock.complaint(c),
            "resolution_due": clock.complaint_resolution(c),
            "events": c.events.select_related("actor"),
            "attachments": c.attachments.all(),
            "classes": Complaint.Classification.choices,
            "officers": officers_of(unit=c.unit, role=RegisterOfficer.Role.PENGADUAN),
        },
    )


@login_required
@require_POST
def complaint_act(request, pk: int):
    c = item_for(user=request.user, model=Complaint, pk=pk, perm=COMPLAINTS)
    action, post, actor = request.POST.get("action"), request.POST, request.user
    try:
        if action == "classify":
            services.complaint_classify(
                complaint=c, classification=post.get("classification", ""), actor=actor
            )
        elif action == "assign":
            officer = User.objects.filter(pk=pk_or_none(post.get("officer"))).first()
            services.complaint_assign(complaint=c, officer=officer, actor=actor)
        elif action == "respond":
            services.complaint_respond(complaint=c, text=post.get("text", ""), actor=actor)
        elif action == "answer":
            services.complaint_answer(complaint=c, text=post.get("text", ""), actor=actor)
        elif action == "close":
            services.complaint_close(complaint=c, actor=actor)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
            return redirect("complaint_detail", pk=c.pk)
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(request, _("Pengaduan %(n)s diperbarui.") % {"n": c.number})
    return redirect("complaint_detail", pk=c.pk)


@login_required
def complaint_attachment(request, pk: int):
    attachment = ComplaintAttachment.objects.select_related("complaint__unit").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    item_for(user=request.user, model=Complaint, pk=attachment.complaint_id, perm=COMPLAINTS)
    kind = evidence_files.KINDS.get(attachment.content_type)
    response = FileResponse(
        default_storage.open(attachment.file.name, "rb"),
        as_attachment=True,
        filename=attachment.display_name,
        content_type=kind.mime if kind else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def request_list(request, unit_pk: int):
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=REQUESTS)
    filters = _filters(request)
    rows = request_rows(unit=unit, filters=filters, today=today())
    return render(
        request,
        "registers/request_list.html",
        {"unit": unit, "rows": rows, "filters": filters, "statuses": InfoRequest.Status.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request, unit_pk: int):
    """A request typed in from a visit, a letter or an e-mail."""
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=REQUESTS)
    form = RequestStaffForm(request.POST or None, initial={"received_on": today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["received_on"] > today():
            form.add_error("received_on", _("Tanggal diterima tidak boleh sesudah hari ini."))
        else:
            try:
                req = services.info_request_submit(
                    unit=unit,
                    requester_name=data["requester_name"],
                    requester_id=data["requester_id"],
                    contact=data["contact"],
                    information=data["information"],
                    purpose=data["purpose"],
                    channel=data["channel"],
                    actor=request.user,
                    on=data["received_on"],
                )
            except services.RegisterError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Permohonan %(n)s dicatat.") % {"n": req.number})
                return redirect("request_detail", pk=req.pk)
    return render(request, "registers/request_new.html", {"unit": unit, "form": form})


@login_required
def request_detail(request, pk: int):
    r = item_for(user=request.user, model=InfoRequest, pk=pk, perm=REQUESTS)
    clock = Clock([r.received_on.year])
    return render(
        request,
        "registers/request_detail.html",
        {
            "r": r,
            "due": clock.request(r),
            "notice_due": clock.request_notice(r),
            "events": r.events.select_related("actor"),
            "decisions": InfoRequest.Decision.choices,
            "grounds": InfoRequest.Ground.choices,
            "can_answer_objection": request.user.has_perm("registers.answer_objections", r),
        },
    )


@login_required
@require_POST
def request_act(request, pk: int):
    r = item_for(user=request.user, model=InfoRequest, pk=pk, perm=REQUESTS)
    action, post, actor = request.POST.get("action"), request.POST, request.user
    try:
        if action == "extend":
            services.info_request_extend(info_request=r, reason=post.get("reason", ""), actor=actor)
        elif action == "decide":
            services.info_request_decide(
                info_request=r,
                decision=post.get("decision", ""),
                note=post.get("note", ""),
                exemption_article=post.get("exemption_article", ""),
                actor=actor,
            )
        elif action == "object":
            services.info_request_object(
                info_request=r,
                ground=post.get("ground", ""),
                note=post.get("note", ""),
                actor=actor,
            )
        elif action == "answer_objection":
            services.info_request_answer_objection(
                info_request=r, answer=post.get("answer", ""), actor=actor
            )
        elif action == "dispute":
            services.info_request_dispute(info_request=r, actor=actor)
        elif action == "close":
            services.info_request_close(info_request=r, actor=actor)
        else:
            messages.error(request, _("Tindakan tidak dikenal."))
            return redirect("request_detail", pk=r.pk)
    except services.RegisterError as exc:
        say_errors(request, exc)
    else:
        messages.success(request, _("Permohonan %(n)s diperbarui.") % {"n": r.number})
    return redirect("request_detail", pk=r.pk)
