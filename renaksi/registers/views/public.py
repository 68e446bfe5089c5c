"""The citizen's pages: no sign-in. A complaint or a request form per unit, and the tracking
page opened by the tracking code alone."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renaksi.organisations.models import Unit
from renaksi.registers.forms import (
    ComplaintPublicForm,
    ObjectionPublicForm,
    RatingForm,
    RequestPublicForm,
    TrackForm,
)
from renaksi.registers.models import Complaint, InfoRequest
from renaksi.registers.public import rate_exceeded
from renaksi.registers.selectors.due import Clock
from renaksi.registers.services import (
    RegisterError,
    complaint_rate,
    complaint_submit,
    info_request_object_public,
    info_request_submit,
    tracking_code_normalise,
    uploads_read,
)


def _too_many(request, template: str, context: dict) -> HttpResponse:
    context["refused"] = _(
        "Terlalu banyak kiriman dari alamat Anda dalam satu jam. Coba lagi nanti."
    )
    return render(request, template, context, status=429)


@require_http_methods(["GET", "POST"])
def public_complaint(request, unit_code: str):
    unit = get_object_or_404(Unit, code=unit_code)
    template = "registers/public/complaint_form.html"
    form = ComplaintPublicForm(request.POST or None)
    context = {"unit": unit, "form": form}
    if request.method == "POST":
        if rate_exceeded(request, "complaint"):
            return _too_many(request, template, context)
        if form.is_valid():
            try:
                uploads = uploads_read(request.FILES.getlist("attachments"))
                complaint = complaint_submit(
                    unit=unit,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    anonymous=form.cleaned_data["anonymous"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    uploads=uploads,
                )
            except RegisterError as exc:
                form.add_error(None, exc)
            else:
                return render(
                    request,
                    "registers/public/received.html",
                    {"unit": unit, "item": complaint, "kind": "pengaduan"},
                )
        form.restamp()
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def public_request(request, unit_code: str):
    unit = get_object_or_404(Unit, code=unit_code)
    template = "registers/public/request_form.html"
    form = RequestPublicForm(request.POST or None)
    context = {"unit": unit, "form": form}
    if request.method == "POST":
        if rate_exceeded(request, "request"):
            return _too_many(request, template, context)
        if form.is_valid():
            try:
                req = info_request_submit(
                    unit=unit,
                    requester_name=form.cleaned_data["requester_name"],
                    requester_id=form.cleaned_data["requester_id"],
                    contact=form.cleaned_data["contact"],
                    information=form.cleaned_data["information"],
                    purpose=form.cleaned_data["purpose"],
                )
            except RegisterError as exc:
                form.add_error(None, exc)
            else:
                return render(
                    request,
                    "registers/public/received.html",
                    {"unit": unit, "item": req, "kind": "ppid"},
                )
        form.restamp()
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def public_objection(request):
    """A keberatan to the Atasan PPID against an answer (or a missing one), by tracking code.

    Like the tracking page, the code is posted, never put in the URL; the page answers with the
    Atasan PPID's deadline and never shows the requester's identity.
    """
    template = "registers/public/objection_form.html"
    form = ObjectionPublicForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if rate_exceeded(request, "objection"):
            return _too_many(request, template, context)
        if form.is_valid():
            try:
                req = info_request_object_public(
                    code=form.cleaned_data["code"],
                    ground=form.cleaned_data["ground"],
                    note=form.cleaned_data["note"],
                )
            except RegisterError as exc:
                form.add_error(None, exc)
            else:
                clock = Clock([req.received_on.year, req.objection_on.year])
                return render(
                    request,
                    "registers/public/objection_received.html",
                    {"item": req, "due": clock.request(req)},
                )
        form.restamp()
    return render(request, template, context)


def _by_code(code: str):
    code = tracking_code_normalise(code)
    if not code:
        return None
    return (
        Complaint.objects.select_related("unit").filter(tracking_code=code).first()
        or InfoRequest.objects.select_related("unit").filter(tracking_code=code).first()
    )


@require_http_methods(["GET", "POST"])
def public_track(request):
    """The status of one complaint or request, shown only to whoever posts its code.

    The code is posted, never put in the URL (it would leak into logs and referrers). The page
    shows the status, the dates and the public steps, never the complainant's identity.
    """
    template = "registers/public/track.html"
    form = TrackForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if rate_exceeded(request, "track"):
            return _too_many(request, template, context)
        rating_form = None
        if "rating" in request.POST:
            rating_form = RatingForm(request.POST)
            form = TrackForm(
                {"code": request.POST.get("code", ""), "stamp": request.POST.get("stamp", "")}
            )
            context["form"] = form
        if form.is_valid():
            item = _by_code(form.cleaned_data["code"])
            if item is None:
                form.add_error(
                    "code", _("Kode pelacakan tidak ditemukan. Periksa kembali kode Anda.")
                )
            else:
                if rating_form is not None and isinstance(item, Complaint):
                    if rating_form.is_valid():
                        try:
                            item = complaint_rate(
                                complaint=item,
                                rating=rating_form.cleaned_data["rating"],
                                note=rating_form.cleaned_data["note"],
                            )
                            context["rated"] = True
                        except RegisterError as exc:
                            context["rating_errors"] = exc.messages
                    else:
                        context["rating_errors"] = [
                            e for errs in rating_form.errors.values() for e in errs
                        ]
                context.update(_tracking_context(item))
        form.restamp()
    return render(request, template, context)


def _tracking_context(item) -> dict:
    clock = Clock([item.received_on.year, timezone.localdate().year])
    due = clock.complaint(item) if isinstance(item, Complaint) else clock.request(item)
    window = None if isinstance(item, Complaint) else clock.objection_window(item)
    today = timezone.localdate()
    return {
        "objection_open": window is not None and window[0] <= today <= window[1],
        "objection_window": window,
        "item": item,
        "is_complaint": isinstance(item, Complaint),
        "due": due,
        "events": [e for e in item.events.all() if e.public],
        "rating_form": RatingForm(initial={"code": item.tracking_code}),
    }
