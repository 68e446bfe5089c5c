"""Roll-up pages: a parent unit's children with their subtree figures, and the entry page.

Thin callers of ``rollup.selectors`` through ``rollup.page_cache``: the figures and the rendered
table are cached by the subtree's stamp and shared by every viewer who may open the unit; the
breadcrumb, the years and the reporting chain's lateness are the viewer's own and go into the
ETag. The page's queries do not grow with the number of children or units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from renaksi.chain.selectors import chain_child_lateness
from renaksi.core.params import date_or_none
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import membership_list_for_user, unit_list_visible
from renaksi.plans import page_cache
from renaksi.plans.models import Plan
from renaksi.rollup import page_cache as rollup_cache
from renaksi.rollup import view_helpers as helpers
from renaksi.rollup.xlsx import rollup_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LEVEL_ORDER = {Unit.Level.NATIONAL: 0, Unit.Level.PROVINCE: 1, Unit.Level.OTHER: 2}
YEAR_MIN, YEAR_MAX = 2000, 2100


def _unit_get(*, user, pk: int) -> Unit:
    """The unit if the user may see it; 404 otherwise."""
    unit = Unit.objects.filter(pk=pk, pk__in=unit_list_visible(user=user)).first()
    if unit is None:
        raise Http404
    return unit


def _year_choices(*, user, year: int) -> list[int]:
    visible = Plan.objects.filter(unit__in=unit_list_visible(user=user)).order_by()
    years = set(visible.values_list("year", flat=True).distinct())
    return sorted(years | {year, timezone.localdate().year}, reverse=True)


def _rollup_context(request, unit_pk: int, year: int):
    """The unit, the day asked for, the day counted, its subtree's stamp and the cache key."""
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    parent = _unit_get(user=request.user, pk=unit_pk)  # before any answer, a 304 included
    as_of = date_or_none(request.GET.get("per"))
    today = as_of or timezone.localdate()
    stamp = rollup_cache.subtree_stamp(parent=parent, year=year)
    key = rollup_cache.rollup_key(parent=parent, year=year, today=today, stamp=stamp)
    return parent, as_of, today, stamp, key


def _leaf_response(request, parent: Unit, year: int, as_of, plan_ids: dict[int, int]):
    """A unit without children has no roll-up: its plan's dashboard is the page to see."""
    plan_id = plan_ids.get(parent.pk)
    if plan_id is not None:
        url = reverse("plan_dashboard", args=[plan_id])
        return redirect(f"{url}?per={as_of.isoformat()}" if as_of else url)
    return render(
        request,
        "rollup/no_plan.html",
        {"unit": parent, "year": year, "years": _year_choices(user=request.user, year=year)},
    )


def _filter_note(filters: helpers.Filters, table: helpers.Table) -> str:
    if not filters.active:
        return ""
    parts = []
    if filters.search:
        parts.append(_("nama/kode memuat “%(q)s”") % {"q": filters.search})
    if filters.overdue_only:
        parts.append(_("hanya yang memiliki sel lewat tenggat"))
    if filters.level:
        parts.append(str(Unit.Level(filters.level).label))
    return _("Saringan: %(what)s (%(shown)s dari %(total)s satuan kerja)") % {
        "what": "; ".join(parts),
        "shown": table.shown,
        "total": table.total_rows,
    }


@login_required
@require_GET
def unit_rollup(request, unit_pk: int, year: int):
    parent, as_of, today, stamp, key = _rollup_context(request, unit_pk, year)
    if stamp.units == 1:
        return _leaf_response(request, parent, year, as_of, stamp.plan_ids)
    # What the viewer's own page adds to the shared figures: read on every view (a few small
    # queries), so the ETag follows them too, and an unchanged page costs no more than this.
    visible = unit_list_visible(user=request.user)
    crumbs = list(Unit.objects.ancestors(parent).filter(pk__in=visible).only("pk", "name"))
    years = _year_choices(user=request.user, year=year)
    lateness = chain_child_lateness(user=request.user, parent=parent, year=year, today=today)
    etag = page_cache.viewer_etag(
        request,
        key=key,
        extra=(
            sorted(request.GET.lists()),
            [(c.pk, c.name) for c in crumbs],
            years,
            [(c.unit.pk, c.missing_overdue, c.late_submitted, c.returned) for c in lateness],
        ),
    )
    if (not_modified := page_cache.not_modified_or_none(request, etag=etag)) is not None:
        return not_modified
    filters = helpers.Filters.from_query(request.GET)
    sort = helpers.parse_sort(request.GET.get("urut"))
    # Links keep the chosen day and filters; the sort links also keep the filters.
    keep = {k: v for k, v in (("per", as_of.isoformat() if as_of else ""),) if v}
    keep_filters = {
        **keep,
        **{
            k: v
            for k, v in (
                ("q", filters.search),
                ("lewat", "1" if filters.overdue_only else ""),
                ("tingkat", filters.level),
            )
            if v
        },
    }

    def body_make() -> str:
        """The figures, table and trend: the same for every viewer who may open the page."""
        cached = rollup_cache.rollup_cached(
            user=request.user, parent=parent, year=year, today=today, stamp=stamp
        )
        rollup = cached.rollup
        table = helpers.rollup_table(rollup, filters=filters, sort=sort)
        trend = helpers.trend_rows(rollup)
        suffix = f"?{urlencode(keep)}" if keep else ""
        rows, without_plan = [], []
        for row in table.rows:
            row.tematik = cached.tematik.get(row.unit.pk)
            if not row.stats.plans:
                without_plan.append(row)
                continue
            if row.has_children:
                link = reverse("unit_rollup", args=[row.unit.pk, year]) + suffix
            elif row.unit.pk in stamp.plan_ids:
                link = reverse("plan_dashboard", args=[stamp.plan_ids[row.unit.pk]]) + suffix
            else:
                link = ""
            rows.append((row, link))
        return render_to_string(
            "rollup/partials/body.html",
            {
                "parent": parent,
                "rollup": rollup,
                "table": table,
                "filters": filters,
                "filter_note": _filter_note(filters, table),
                "as_of": as_of,
                "year": year,
                "rows": rows,
                "without_plan": without_plan,
                "own_plan_id": stamp.plan_ids.get(parent.pk),
                "tematik_own": cached.tematik_own,
                "trend": trend,
                "chart_data": helpers.trend_chart_data(trend),
                "keep_query": urlencode(keep),
                "sort_query": urlencode(keep_filters),
            },
        )

    body = page_cache.cached_get_or_make(
        page_cache.stamped_key(
            kind="rollup-page",
            ident=parent.pk,
            stamp=(key,),
            scope=(),
            params=tuple(sorted(request.GET.lists())),
        ),
        body_make,
    )
    response = render(
        request,
        "rollup/unit_rollup.html",
        {
            "parent": parent,
            "year": year,
            "years": years,
            "crumbs": crumbs,
            "own_plan_id": stamp.plan_ids.get(parent.pk),
            "chain_lateness": lateness,
            "body": mark_safe(body),  # noqa: S308 rendered from our own template, escaped there
            "keep_query": urlencode(keep),
            "export_query": urlencode({**keep_filters, "urut": sort}),
        },
    )
    return page_cache.etag_set(response, etag)


@login_required
@require_GET
def unit_rollup_xlsx(request, unit_pk: int, year: int):
    parent, _as_of, today, stamp, _key = _rollup_context(request, unit_pk, year)
    if stamp.units == 1:
        raise Http404
    rollup = rollup_cache.rollup_cached(
        user=request.user, parent=parent, year=year, today=today, stamp=stamp
    ).rollup
    filters = helpers.Filters.from_query(request.GET)
    table = helpers.rollup_table(
        rollup, filters=filters, sort=helpers.parse_sort(request.GET.get("urut"))
    )
    content = rollup_xlsx(rollup=rollup, table=table, filter_note=_filter_note(filters, table))
    day = formats.date_format(rollup.today, "Y-m-d")
    filename = f"Rekap RB {parent.code} {year} per {day}.xlsx"
    return HttpResponse(
        content,
        content_type=XLSX,
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=filename
            ),
            "Cache-Control": "private, no-store",
        },
    )


def _year_from(value: str | None) -> int | None:
    try:
        year = int(value) if value else None
    except ValueError:
        return None
    return year if year is not None and YEAR_MIN <= year <= YEAR_MAX else None


def _default_year(*, user) -> int:
    """The latest year up to this one with a plan the user may see, else this year.

    Opening the roll-up in January (or on the 2022 demo) should not land on an empty year.
    """
    this_year = timezone.localdate().year
    latest = (
        Plan.objects.filter(unit__in=unit_list_visible(user=user), year__lte=this_year)
        .order_by()
        .aggregate(latest=Max("year"))["latest"]
    )
    return latest or this_year


@login_required
@require_GET
def rollup_home(request):
    """Send the user to the roll-up of the highest unit they belong to (or the one asked for)."""
    year = _year_from(request.GET.get("tahun")) or _default_year(user=request.user)
    asked = request.GET.get("satker", "")
    if asked.isdigit():
        return redirect("unit_rollup", unit_pk=int(asked), year=year)
    memberships = list(membership_list_for_user(user=request.user))
    units = [m.unit for m in memberships]
    if request.user.is_superuser:
        root = Unit.objects.filter(parent__isnull=True).order_by("code").first()
        if root is not None:
            units.insert(0, root)
    parents = [u for u in units if u.level != Unit.Level.REGENCY]
    if parents:
        top = min(parents, key=lambda u: (LEVEL_ORDER.get(u.level, 9), u.code))
        return redirect("unit_rollup", unit_pk=top.pk, year=year)
    regencies = sorted({u.pk: u for u in units}.values(), key=lambda u: u.code)
    plan_ids = helpers.plan_ids_for(unit_ids=[u.pk for u in regencies], year=year)
    return render(
        request,
        "rollup/home.html",
        {
            "units": [(u, plan_ids.get(u.pk)) for u in regencies],
            "year": year,
            "years": _year_choices(user=request.user, year=year),
        },
    )
