"""Plan pages: thin callers of selectors (reads) and services (writes)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renaksi.core.params import int_or_none
from renaksi.organisations.selectors import unit_list_manageable
from renaksi.plans import page_cache, services
from renaksi.plans import view_helpers as helpers
from renaksi.plans.forms import (
    DECREE_FIELDS,
    ActivityAddForm,
    ActivityForm,
    AreaForm,
    DecreeForm,
    IndicatorForm,
    PlanImportForm,
    SubActivityForm,
)
from renaksi.plans.models import Activity, Area, Decree, Indicator, Plan, SubActivity
from renaksi.plans.presenters.grid import plan_grid_make
from renaksi.plans.selectors import (
    plan_get,
)
from renaksi.plans.services import PlanWriteError

HISTORY_PAGE_SIZE = 50


def _render(request, template: str, context: dict, status: int = 200):
    if "can_import" not in context:
        context["can_import"] = helpers.can_import(request.user)
    return render(request, template, context, status=status)


def _plan_url(plan: Plan, anchor: str = "") -> str:
    url = reverse("plan_detail", args=[plan.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def plan_detail(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    query = request.GET.get("q", "").strip()[:200]
    today = timezone.localdate()
    can_change = request.user.has_perm("plans.change_plan", plan)
    can_verify = request.user.has_perm("monitoring.verify_realisation", plan)
    can_import = helpers.can_import(request.user)
    scope, params = (can_change, can_verify, can_import), (today.isoformat(), query)
    etag = page_cache.page_etag(request, kind="plan", plan=plan, scope=scope, params=params)
    if (not_modified := page_cache.not_modified_or_none(request, etag=etag)) is not None:
        return not_modified
    grid = page_cache.fragment_get_or_make(
        kind="plan-grid",
        plan=plan,
        scope=(can_change, can_verify),
        params=params,
        make=lambda: plan_grid_make(
            request,
            plan=plan,
            query=query,
            today=today,
            can_change=can_change,
            can_verify=can_verify,
        ),
    )
    response = _render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "decree": plan.decree,
            "grid": grid,
            "query": query,
            "report": grid.report,
            "can_change": can_change,
            "can_import": can_import,
        },
    )
    return page_cache.etag_set(response, etag)


@login_required
def plan_history(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    documents = request.GET.get("log") == "dokumen"
    page = Paginator(
        helpers.plan_event_list(plan=plan, documents=documents), HISTORY_PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return _render(
        request,
        "plans/plan_history.html",
        {
            "plan": plan,
            "page": page,
            "events": helpers.event_rows(list(page)),
            "documents": documents,
        },
    )


# --- corrections -------------------------------------------------------------------------


def _plan_for_change(request, pk: int) -> Plan:
    """The plan, if the user may correct it: 404 when they cannot see it, 403 when only see."""
    plan = plan_get(user=request.user, pk=pk)
    if not request.user.has_perm("plans.change_plan", plan):
        raise PermissionDenied
    return plan


def _edit_page(request, *, plan, form, title: str, subject: str, cancel_url: str):
    return _render(
        request,
        "plans/edit.html",
        {"plan": plan, "form": form, "title": title, "subject": subject, "cancel_url": cancel_url},
    )


def _edit_flow(request, *, plan, form, save, title: str, subject: str, back: str):
    """On a valid POST call ``save()`` (a service); show its refusal as a form error."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except PlanWriteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Perubahan disimpan."))
            return redirect(back)
    return _edit_page(request, plan=plan, form=form, title=title, subject=subject, cancel_url=back)


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request, pk: int, area_pk: int):
    plan = _plan_for_change(request, pk)
    area = get_object_or_404(Area.objects.select_related("plan__unit"), pk=area_pk, plan=plan)
    back = _plan_url(plan, f"area-{area.position}")
    initial = {"number": area.number, "name": area.name, "reform_area": area.reform_area_id}
    form = AreaForm(request.POST or None, initial=initial)

    def save():
        services.area_update(area=area, actor=request.user, **form.cleaned_data)

    return _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ubah area perubahan"),
        subject=helpers.numbered(area.number, area.name),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk: int, activity_pk: int):
    plan = _plan_for_change(request, pk)
    activity = get_object_or_404(
        Activity.objects.select_related("area__plan__unit"), pk=activity_pk, area__plan=plan
    )
    back = _plan_url(plan, f"kegiatan-{activity.pk}")
    form = ActivityForm(
        request.POST or None, initial={"number": activity.number, "name": activity.name}
    )

    def save():
        services.activity_update(activity=activity, actor=request.user, **form.cleaned_data)

    return _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ubah kegiatan"),
        subject=helpers.numbered(activity.number, activity.name),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sub_activity_edit(request, pk: int, sub_pk: int):
    plan = _plan_for_change(request, pk)
    sub = get_object_or_404(
        SubActivity.objects.select_related("activity__area__plan__unit"),
        pk=sub_pk,
        activity__area__plan=plan,
    )
    back = _plan_url(plan, f"sub-kegiatan-{sub.pk}")
    initial = {
        "number": sub.number,
        "name": sub.name,
        "activity": sub.activity_id,
        "parent": sub.parent_id,
    }
    form = SubActivityForm(request.POST or None, initial=initial, plan=plan, sub_activity=sub)

    def save():
        services.sub_activity_update(sub_activity=sub, actor=request.user, **form.cleaned_data)

    return _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ubah sub kegiatan"),
        subject=helpers.numbered(sub.number, sub.name),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int, indicator_pk: int):
    plan = _plan_for_change(request, pk)
    indicator = get_object_or_404(
        Indicator.objects.select_related("activity__area__plan__unit", "sub_activity", "pic"),
        pk=indicator_pk,
        activity__area__plan=plan,
    )
    back = _plan_url(plan, f"indikator-{indicator.pk}")
    parent = (
        f"sub:{indicator.sub_activity_id}"
        if indicator.sub_activity_id
        else f"activity:{indicator.activity_id}"
    )
    initial = {
        "number": indicator.number,
        "text": indicator.text,
        "periods": [str(p) for p in indicator.targets.values_list("period", flat=True)],
        "note": indicator.note,
        "target_value": helpers.normalised_decimal(indicator.target_value),
        "target_unit": indicator.target_unit,
        "pic": indicator.pic_id,
        "pic_name": indicator.pic_name,
        "parent": parent,
    }
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        plan=plan,
        period_labels=helpers.period_labels(plan),
        parent_choices=helpers.parent_choices(plan=plan),
        pic_queryset=helpers.unit_member_users(plan=plan, current=indicator.pic),
    )

    def save():
        services.indicator_update(indicator=indicator, actor=request.user, **form.service_values())

    return _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ubah indikator"),
        subject=helpers.numbered(indicator.number, indicator.text),
        back=back,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_add(request, pk: int):
    plan = _plan_for_change(request, pk)
    initial = {}
    area_pk = int_or_none(request.GET.get("area"))
    if area_pk:
        initial["area"] = area_pk
    form = ActivityAddForm(request.POST or None, initial=initial, plan=plan)
    created = {}

    def save():
        created["activity"] = services.activity_create(actor=request.user, **form.cleaned_data)

    response = _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Tambah kegiatan"),
        subject="",
        back=_plan_url(plan),
    )
    if "activity" in created:
        return redirect(_plan_url(plan, f"kegiatan-{created['activity'].pk}"))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def indicator_add(request, pk: int):
    plan = _plan_for_change(request, pk)
    choices = helpers.parent_choices(plan=plan)
    if not choices:
        messages.error(request, _("Tambahkan kegiatan lebih dahulu."))
        return redirect(_plan_url(plan))
    initial = {}
    parent = request.GET.get("induk", "")
    if parent:
        initial["parent"] = parent
    form = IndicatorForm(
        request.POST or None,
        initial=initial,
        plan=plan,
        period_labels=helpers.period_labels(plan),
        parent_choices=choices,
        pic_queryset=helpers.unit_member_users(plan=plan),
    )
    # For a new indicator the parent is where it goes, asked first (not a move, as when editing).
    form.fields["parent"].help_text = _("Kegiatan atau sub kegiatan tempat indikator baru ini.")
    form.order_fields(["parent"])
    created = {}

    def save():
        values = form.service_values()
        created["indicator"] = services.indicator_create(
            plan=plan,
            actor=request.user,
            activity=values.pop("activity"),
            sub_activity=values.pop("sub_activity"),
            **values,
        )

    response = _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Tambah indikator"),
        subject="",
        back=_plan_url(plan),
    )
    if "indicator" in created:
        return redirect(_plan_url(plan, f"indikator-{created['indicator'].pk}"))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def decree_edit(request, pk: int):
    plan = _plan_for_change(request, pk)
    back = _plan_url(plan)
    initial = model_to_dict(plan.decree, fields=DECREE_FIELDS) if plan.decree else {}
    # The form validates against an unsaved copy; decree_update compares and writes the real one.
    form = DecreeForm(request.POST or None, initial=initial, instance=Decree())

    def save():
        values = {name: form.cleaned_data[name] for name in DECREE_FIELDS}
        services.decree_update(plan=plan, actor=request.user, **values)

    return _edit_flow(
        request,
        plan=plan,
        form=form,
        save=save,
        title=_("Ubah keputusan"),
        subject=str(plan.decree) if plan.decree else "",
        back=back,
    )


# --- import ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    units = unit_list_manageable(user=request.user).order_by("code")
    first_units = list(units[:2])
    if not first_units:
        raise PermissionDenied
    # Most people manage one unit: choose it for them.
    initial = {"unit": first_units[0].pk} if len(first_units) == 1 else {}
    form = PlanImportForm(request.POST or None, request.FILES or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Read one byte past the limit so the service can refuse an oversized file without
        # this request holding all of it in memory.
        data = upload.read(settings.PLAN_IMPORT_MAX_BYTES + 1)
        try:
            table = services.plan_read_table(filename=upload.name, data=data)
            if table is not None:
                from renaksi.plans.views_import import table_import_start

                grid, source_format = table
                return table_import_start(
                    request, form=form, data=data, grid=grid, source_format=source_format
                )
            plan = services.plan_import_file(
                unit=form.cleaned_data["unit"],
                year=form.cleaned_data["year"],
                filename=upload.name,
                data=data,
                actor=request.user,
                replace=form.cleaned_data["replace"],
            )
        except PlanWriteError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _import_summary(plan))
            return redirect(_plan_url(plan))
    return _render(request, "plans/plan_import.html", {"form": form, "can_import": True})


def _import_summary(plan: Plan) -> str:
    report = helpers.import_report_summary(plan=plan)
    return (
        _(
            "Impor selesai: %(areas)s area, %(indicators)s indikator, "
            "%(findings)s temuan perlu diperiksa."
        )
        % report
    )
