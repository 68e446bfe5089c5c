"""Surveys (SKM questionnaires and the IKM) and the registers' figures, read only.

The registers answer counts only, the same figures a reader of the unit sees on its plan page:
never a complainant, a requester or a gratification report.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.response import Response
from rest_framework.views import APIView

from renaksi.api import serializers_more as s
from renaksi.api.filters import UNIT, YEAR, choice_param, int_param
from renaksi.api.scoping import narrow, require_in_scope
from renaksi.api.views.base import ApiViewSet, errors
from renaksi.organisations.selectors import unit_list_visible
from renaksi.registers.selectors.figures import register_figures_tree
from renaksi.surveys.models import Questionnaire, Service
from renaksi.surveys.selectors import survey_ikm

UNIT_REQUIRED = OpenApiParameter("unit", str, required=True, description="Kode satuan kerja.")
YEAR_REQUIRED = OpenApiParameter("year", int, required=True, description="Tahun.")


def _visible_unit(request):
    """The ``unit`` (code) and ``year`` of the query, or 404 when the unit is not visible."""
    year = int_param(request, "year", low=2000, high=2100)
    code = request.query_params.get("unit", "")
    unit = unit_list_visible(user=request.user).filter(code=code).first() if code else None
    if unit is None or year is None:
        raise Http404
    require_in_scope(request, unit)
    return unit, year


@extend_schema(tags=["surveys"])
class QuestionnaireViewSet(mixins.ListModelMixin, ApiViewSet):
    """Kuesioner SKM satuan kerja yang dapat dilihat, dengan jumlah responden."""

    serializer_class = s.QuestionnaireSerializer

    def get_queryset(self):
        request = self.request
        qs = (
            Questionnaire.objects.filter(unit__in=unit_list_visible(user=request.user))
            .select_related("unit")
            .annotate(respondents=Count("responses"))
        )
        qs = narrow(request, qs, "unit")
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(unit__code=code)
        year = int_param(request, "year", high=2100)
        if year is not None:
            qs = qs.filter(start__year__lte=year, end__year__gte=year)
        return qs.order_by("id")

    @extend_schema(
        parameters=[UNIT, YEAR],
        responses={200: s.QuestionnaireSerializer(many=True), **errors(400, 401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)


class IkmView(APIView):
    @extend_schema(
        tags=["surveys"],
        parameters=[
            UNIT_REQUIRED,
            YEAR_REQUIRED,
            OpenApiParameter("service", int, description="ID layanan satuan kerja itu."),
            OpenApiParameter(
                "subtree",
                str,
                enum=["0", "1"],
                description="`1`: termasuk seluruh satuan kerja di bawahnya (rekap).",
            ),
        ],
        responses={200: s.IkmSerializer, **errors(400, 401, 404)},
        examples=[OpenApiExample("IKM", value=s.IKM_EXAMPLE, response_only=True)],
    )
    def get(self, request):
        """Indeks Kepuasan Masyarakat (IKM) satu tahun: NRR per unsur, mutu, kinerja."""
        unit, year = _visible_unit(request)
        subtree = choice_param(request, "subtree", ("0", "1")) == "1"
        service = None
        service_pk = int_param(request, "service")
        if service_pk is not None:
            service = Service.objects.filter(pk=service_pk, unit=unit).first()
            if service is None:
                raise Http404
        result = survey_ikm(
            unit=unit,
            start=date(year, 1, 1),
            end=date(year, 12, 31),
            service=service,
            include_subtree=subtree,
            viewer=request.user,
        )
        data = result.as_json()
        data.update(
            unit=unit.code,
            start=result.start,
            end=result.end,
            service=service.pk if service else None,
            subtree=subtree,
            labels=result.labels,
            population=result.population,
            enough=result.enough,
        )
        return Response(s.IkmSerializer(data).data)


class RegisterFiguresView(APIView):
    @extend_schema(
        tags=["registers"],
        parameters=[UNIT_REQUIRED, YEAR_REQUIRED],
        responses={200: s.RegisterFiguresSerializer, **errors(400, 401, 404)},
        examples=[OpenApiExample("Angka", value=s.FIGURES_EXAMPLE, response_only=True)],
    )
    def get(self, request):
        """Angka register (pengaduan, permohonan informasi, gratifikasi, integritas) satu tahun:
        satuan kerja dengan seluruh bawahannya, dan per anak. Hanya jumlah."""
        unit, year = _visible_unit(request)
        tree = register_figures_tree(unit=unit, year=year, today=timezone.localdate())
        return Response(
            s.RegisterFiguresSerializer(
                {
                    "unit": unit.code,
                    "year": year,
                    "total": tree.total.as_dict(),
                    "children": [
                        {"unit": u.code, "name": u.name, "figures": f.as_dict()}
                        for u, f in tree.children
                    ],
                }
            ).data
        )
