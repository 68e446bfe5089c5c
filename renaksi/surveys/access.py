"""Fetching a unit or a questionnaire for a staff viewer: 404 when they cannot see its unit, 403
when they can but may not act (the permission matrix's rule)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from renaksi.core.periods import period_range
from renaksi.organisations.models import Unit
from renaksi.organisations.selectors import unit_list_visible
from renaksi.surveys.models import Questionnaire

VIEW = "surveys.view_survey"
CHANGE = "surveys.change_survey"

# ?periode= values: the year, its semesters and its quarters
PERIODS = {
    "tahun": ("year", 1, _("Tahun")),
    "s1": ("semester", 1, _("Semester I")),
    "s2": ("semester", 2, _("Semester II")),
    "tw1": ("quarter", 1, _("Triwulan I")),
    "tw2": ("quarter", 2, _("Triwulan II")),
    "tw3": ("quarter", 3, _("Triwulan III")),
    "tw4": ("quarter", 4, _("Triwulan IV")),
}


def _check(user, unit: Unit, perm: str) -> None:
    if user.has_perm(perm, unit):
        return
    if user.is_authenticated and unit_list_visible(user=user).filter(pk=unit.pk).exists():
        raise PermissionDenied
    raise Http404


def unit_for(*, user, unit_pk, perm: str = VIEW) -> Unit:
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404
    _check(user, unit, perm)
    return unit


def questionnaire_for(*, user, pk, perm: str = CHANGE) -> Questionnaire:
    questionnaire = (
        Questionnaire.objects.select_related("unit").prefetch_related("unsur").filter(pk=pk).first()
    )
    if questionnaire is None:
        raise Http404
    _check(user, questionnaire.unit, perm)
    return questionnaire


def chosen_period(
    params, today: date, *, default_year: int | None = None
) -> tuple[int, str, date, date, str]:
    """(year, key, start, end, label) from ?tahun=&periode=, defaulting to ``default_year`` (this
    year when not given)."""
    fallback = default_year or today.year
    try:
        year = int(params.get("tahun") or fallback)
    except (TypeError, ValueError):
        year = fallback
    if not 2000 <= year <= 2100:
        year = fallback
    key = params.get("periode") if params.get("periode") in PERIODS else "tahun"
    kind, number, label = PERIODS[key]
    start, end = period_range(kind, number, year)
    return year, key, start, end, f"{label} {year}"
