"""Query-string filters shared by the list endpoints: unit, year, period, status, changed_since."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from renaksi.api.errors import ApiError


def _bad(name: str, value: str) -> ApiError:
    return ApiError(
        _("Parameter %(name)s tidak valid: %(value)s") % {"name": name, "value": value[:50]},
        code="invalid_filter",
        details={"parameter": name},
    )


def int_param(request, name: str, *, low: int = 1, high: int = 2**31 - 1) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, raw) from None
    if not low <= value <= high:
        raise _bad(name, raw)
    return value


def datetime_param(request, name: str) -> datetime | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    # An unencoded "+01:00" arrives as " 01:00".
    raw = raw.strip().replace(" ", "+") if "T" in raw else raw
    try:
        value = parse_datetime(raw)
    except ValueError:
        value = None
    if value is None:
        raise _bad(name, raw)
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    # Sent to the database in UTC: PostgreSQL refuses offsets beyond ±15:59 that Python accepts.
    offset = value.utcoffset()
    if offset is not None and abs(offset) > timedelta(hours=14):
        raise _bad(name, raw)
    try:
        return value.astimezone(UTC)
    except (OverflowError, ValueError):
        raise _bad(name, raw) from None


def choice_param(request, name: str, choices) -> str | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if raw not in choices:
        raise _bad(name, raw)
    return raw


UNIT = OpenApiParameter("unit", str, description="Kode satuan kerja, mis. `17.09`.")
YEAR = OpenApiParameter("year", int, description="Tahun rencana, mis. 2022.")
PERIOD = OpenApiParameter("period", int, description="Periode (1–12).")
PLAN = OpenApiParameter("plan", int, description="ID rencana aksi.")
CHANGED_SINCE = OpenApiParameter(
    "changed_since",
    OpenApiTypes.DATETIME,
    description="Hanya yang berubah pada atau setelah waktu ini (ISO 8601), untuk sinkronisasi.",
)
