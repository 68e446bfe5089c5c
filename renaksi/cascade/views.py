"""Template pages: thin callers of the cascade selectors (reads) and services (writes)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.cascade import selectors, services
from renaksi.cascade.forms import DeclineForm, PublishForm
from renaksi.cascade.models import TemplateRecipient
from renaksi.cascade.services import CascadeError
from renaksi.monitoring.view_helpers import STATE_LABELS
from renaksi.plans import view_helpers as plan_helpers
from renaksi.plans.models import Plan
from renaksi.plans.selectors import plan_get

STATUS_PAGE_SIZE = 25
HOME_PAGE_SIZE = 25


def _render(request, template: str, context: dict, status: int = 200):
    context.setdefault("can_import", plan_helpers.can_import(request.user))
    return render(request, template, context, status=status)


@login_required
def cascade_home(request):
    received = Paginator(selectors.recipient_list_for_member(user=request.user), HOME_PAGE_SIZE)
    published = Paginator(selectors.template_list_published(user=request.user), HOME_PAGE_SIZE)
    return _render(
        request,
        "cascade/home.html",
        {
            "received": received.get_page(request.GET.get("diterima")),
            "published": published.get_page(request.GET.get("halaman")),
            "publishable": selectors.plan_list_publishable(user=request.user)[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_publish(request, plan_pk: int):
    plan = plan_get(user=request.user, pk=plan_pk)
    if not request.user.has_perm("cascade.publish_template", plan.unit):
        raise PermissionDenied
    form = PublishForm(request.POST or None, unit=plan.unit)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_publish(
                plan=plan,
                actor=request.user,
                scope=form.cleaned_data["scope"],
                chosen=list(form.cleaned_data["units"]),
                note=form.cleaned_data["note"],
            )
        except CascadeError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Templat versi %(version)s diterbitkan untuk %(count)s satuan kerja.")
                % {"version": template.version, "count": template.recipients.count()},
            )
            return redirect("template_detail", pk=template.pk)
    versions = selectors.template_version_list(unit_id=plan.unit_id, year=plan.year)
    return _render(
        request,
        "cascade/publish.html",
        {"plan": plan, "form": form, "versions": versions},
    )


@login_required
def template_detail(request, pk: int):
    template = selectors.template_get(user=request.user, pk=pk)
    state = request.GET.get("status", "")
    if state not in selectors.CHILD_STATE_LABELS:
        state = ""
    page = Paginator(
        selectors.template_recipient_list(template=template, state=state), STATUS_PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    rows = selectors.template_child_rows(template=template, recipients=list(page.object_list))
    counts = selectors.template_state_counts(template=template)
    return _render(
        request,
        "cascade/template_detail.html",
        {
            "template": template,
            "page": page,
            "rows": rows,
            "state": state,
            "states": [
                (code, label, counts[code]) for code, label in selectors.CHILD_STATE_LABELS.items()
            ],
            "total": sum(counts.values()),
            "items": selectors.template_items(template=template),
            "versions": selectors.template_version_list(
                unit_id=template.unit_id, year=template.year
            ),
            "can_publish": request.user.has_perm("cascade.publish_template", template.unit),
        },
    )


@login_required
def template_indicator(request, pk: int, key: str):
    template = selectors.template_get(user=request.user, pk=pk)
    item = selectors.template_item_get(template=template, key=key)
    rows = selectors.template_indicator_rows(
        template=template, item=item, today=timezone.localdate()
    )
    # An unsaved plan of the template's shape, only to name its periods.
    label_plan = Plan(year=template.year, granularity=template.granularity)
    return _render(
        request,
        "cascade/template_indicator.html",
        {
            "template": template,
            "item": item,
            "rows": rows,
            "periods": plan_helpers.period_labels(label_plan),
            "legend": list(STATE_LABELS.items()),
        },
    )


def _recipient_context(request, recipient: TemplateRecipient, **extra) -> dict:
    template = recipient.template
    latest = selectors.template_latest_version(template=template)
    newer = None
    if latest.version > template.version:
        newer = TemplateRecipient.objects.filter(template=latest, unit=recipient.unit).first()
    can_respond = recipient.status == TemplateRecipient.Status.PENDING and request.user.has_perm(
        "cascade.respond_template", recipient.unit
    )
    existing_plan = adopted_earlier = None
    if recipient.status == TemplateRecipient.Status.PENDING:
        existing_plan = recipient.unit.plans.filter(year=template.year, kind="general").first()
        adopted_earlier = selectors.recipient_adopted_earlier(recipient=recipient)
    return {
        "recipient": recipient,
        "template": template,
        "latest": latest,
        "newer": newer,
        "items": selectors.template_items(template=template),
        "diff": selectors.recipient_diff(recipient=recipient),
        "can_respond": can_respond and newer is None,
        "existing_plan": existing_plan,
        "adopted_earlier": adopted_earlier,
        "can_view_publisher": request.user.has_perm("cascade.view_template", template.unit),
        "decline_form": extra.pop("decline_form", None) or DeclineForm(),
        **extra,
    }


@login_required
def recipient_detail(request, pk: int):
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    return _render(request, "cascade/recipient_detail.html", _recipient_context(request, recipient))


def _recipient_for_response(request, pk: int) -> TemplateRecipient:
    recipient = selectors.recipient_get(user=request.user, pk=pk)
    if not request.user.has_perm("cascade.respond_template", recipient.unit):
        raise PermissionDenied
    return recipient


@login_required
@require_POST
def recipient_adopt(request, pk: int):
    recipient = _recipient_for_response(request, pk)
    try:
        plan = services.template_adopt(recipient=recipient, actor=request.user)
    except CascadeError as exc:
        messages.error(request, str(exc))
        return redirect("recipient_detail", pk=recipient.pk)
    messages.success(
        request,
        _(
            "Templat diadopsi: rencana aksi %(year)s dibuat. Anda dapat mengubah dan menambah "
            "butirnya; perubahan dicatat terhadap templat."
        )
        % {"year": plan.year},
    )
    return redirect(reverse("plan_detail", args=[plan.pk]))


@login_required
@require_POST
def recipient_decline(request, pk: int):
    recipient = _recipient_for_response(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.template_decline(
                recipient=recipient, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except CascadeError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Templat ditolak; alasan Anda dikirim ke penerbit."))
        return redirect("recipient_detail", pk=recipient.pk)
    context = _recipient_context(request, recipient, decline_form=form)
    return _render(request, "cascade/recipient_detail.html", context, status=400)
