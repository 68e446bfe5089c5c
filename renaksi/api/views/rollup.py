"""Roll-ups: a unit's figures and its children's, for a year."""

from __future__ import annotations

from dataclasses import asdict

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from renaksi.api.filters import int_param
from renaksi.api.scoping import require_in_scope
from renaksi.api.views.base import errors
from renaksi.organisations.selectors import unit_list_visible
from renaksi.rollup.selectors import rollup_for_unit

STATS = {
    name: serializers.IntegerField()
    for name in ("units", "plans", "planned", "reported", "verified", "awaiting", "late", "missed")
}


def _stats(stats) -> dict:
    data = asdict(stats)
    data.pop("last_activity", None)
    return data


class RollupView(APIView):
    @extend_schema(
        tags=["rollup"],
        parameters=[
            OpenApiParameter("unit", str, required=True, description="Kode satuan kerja."),
            OpenApiParameter("year", int, required=True, description="Tahun."),
        ],
        responses={
            200: inline_serializer(
                "Rollup",
                {
                    "unit": serializers.CharField(),
                    "year": serializers.IntegerField(),
                    "own": inline_serializer("RollupStats", STATS),
                    "total": inline_serializer("RollupTotal", STATS),
                    "children": inline_serializer(
                        "RollupChild",
                        {
                            "unit": serializers.CharField(),
                            "name": serializers.CharField(),
                            "rank": serializers.IntegerField(),
                            "stats": inline_serializer("RollupChildStats", STATS),
                        },
                        many=True,
                    ),
                },
            ),
            **errors(400, 401, 404),
        },
    )
    def get(self, request):
        """Rekap satuan kerja dan anak-anaknya untuk satu tahun."""
        year = int_param(request, "year", low=2000, high=2100)
        code = request.query_params.get("unit", "")
        unit = unit_list_visible(user=request.user).filter(code=code).first() if code else None
        if unit is None or year is None:
            raise Http404
        require_in_scope(request, unit)
        data = rollup_for_unit(
            user=request.user, parent=unit, year=year, today=timezone.localdate()
        )
        return Response(
            {
                "unit": unit.code,
                "year": year,
                "own": _stats(data.own),
                "total": _stats(data.total),
                "children": [
                    {
                        "unit": r.unit.code,
                        "name": r.unit.name,
                        "rank": r.rank,
                        "stats": _stats(r.stats),
                    }
                    for r in data.rows
                ],
            }
        )
