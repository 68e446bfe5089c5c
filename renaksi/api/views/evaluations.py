"""Evaluation worksheets (PMPRB/ZI): list and scores (read), the unit's answer (write)."""

from __future__ import annotations

from django.db.models import DateTimeField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from renaksi.api import serializers_more as s
from renaksi.api.filters import CHANGED_SINCE, UNIT, YEAR, datetime_param, int_param
from renaksi.api.scoping import narrow
from renaksi.api.views.base import ApiViewSet, errors
from renaksi.evaluations.models import Answer, Node, Worksheet
from renaksi.evaluations.selectors import worksheet_report
from renaksi.evaluations.services import answer_save
from renaksi.organisations.selectors import unit_list_visible

INSTRUMENT = OpenApiParameter("instrument", str, description="Kode instrumen, mis. `PMPRB-2024`.")


def _float(value):
    return None if value is None else float(value)


def _detail(worksheet, report) -> dict:
    criteria = []
    for row in report["criteria"]:
        answer = row["answer"]
        criteria.append(
            {
                "criterion": row["node"].pk,
                "code": row["node"].code,
                "name": row["node"].name,
                "value": row["value"] or "",
                "numbers": [str(n) for n in row["numbers"] or []],
                "stage": row["stage"],
                "converted": _float(row["converted"]),
                "score": float(row["score"]),
                "evidence": len(row["evidence"]),
                # A criterion without an answer yet is created at version 1 when first saved.
                "version": answer.version if answer else 1,
            }
        )
    worksheet.score = float(report["score"])
    worksheet.projected = float(report["projected"])
    worksheet.predikat = report["predikat"] or ""
    worksheet.answered = report["answered"]
    worksheet.total_criteria = report["total_criteria"]
    worksheet.components = [
        {"code": c["node"].code, "name": c["node"].name, "score": float(c["score"])}
        for c in report["components"]
    ]
    worksheet.gates = [
        {
            "level": g.level,
            "name": g.name,
            "required": float(g.required),
            "value": float(g.value),
            "passed": g.passed,
        }
        for g in report["gates"]
    ]
    worksheet.criteria = criteria
    return s.WorksheetDetailSerializer(worksheet).data


@extend_schema(tags=["evaluations"])
class WorksheetViewSet(ApiViewSet):
    """Lembar kerja evaluasi (PMPRB, ZI) satuan kerja yang dapat dilihat."""

    serializer_class = s.WorksheetSerializer

    def get_queryset(self):
        request = self.request
        last_answer = (
            Answer.objects.filter(worksheet=OuterRef("pk"))
            .values("worksheet")
            .annotate(m=Max("updated_at"))
            .values("m")
        )
        qs = (
            Worksheet.objects.filter(unit__in=unit_list_visible(user=request.user))
            .select_related("unit", "instrument")
            .annotate(
                changed_at=Greatest(
                    "created_at",
                    Coalesce(Subquery(last_answer, output_field=DateTimeField()), "created_at"),
                )
            )
        )
        qs = narrow(request, qs, "unit")
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(unit__code=code)
        year = int_param(request, "year", high=2100)
        if year is not None:
            qs = qs.filter(year=year)
        instrument = request.query_params.get("instrument")
        if instrument:
            qs = qs.filter(instrument__code=instrument)
        since = datetime_param(request, "changed_since")
        if since is not None:
            qs = qs.filter(
                Q(created_at__gte=since)
                | Q(pk__in=Answer.objects.filter(updated_at__gte=since).values("worksheet"))
            )
        return qs.order_by("id")

    def get_object(self):
        return self.get_object_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        parameters=[UNIT, YEAR, INSTRUMENT, CHANGED_SINCE],
        responses={200: s.WorksheetSerializer(many=True), **errors(400, 401)},
        examples=[OpenApiExample("Lembar kerja", value=s.WORKSHEET_EXAMPLE, response_only=True)],
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.WorksheetSerializer(page, many=True).data)

    @extend_schema(responses={200: s.WorksheetDetailSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        """Nilai, komponen, syarat (gate) dan jawaban setiap kriteria."""
        worksheet = self.get_object()
        return Response(
            _detail(worksheet, worksheet_report(worksheet=worksheet, viewer=request.user))
        )

    @extend_schema(
        request=s.AnswerSaveSerializer,
        responses={200: s.CriterionSerializer, **errors(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Jawab",
                request_only=True,
                value={"criterion": 41, "value": "B", "explanation": "SK tim", "version": 1},
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """Simpan jawaban unit untuk satu kriteria (penilaian mandiri), dengan `version`."""
        worksheet = self.get_object()
        data = s.AnswerSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        criterion = Node.objects.filter(
            pk=v["criterion"], instrument=worksheet.instrument, kind=Node.Kind.CRITERION
        ).first()
        if criterion is None:
            raise Http404
        answer_save(
            worksheet=worksheet,
            criterion=criterion,
            value=v["value"],
            numbers=v["numbers"],
            explanation=v["explanation"],
            actor=request.user,
            expected_version=v["version"],
        )
        report = worksheet_report(worksheet=worksheet, viewer=request.user)
        row = next(
            r for r in _detail(worksheet, report)["criteria"] if r["criterion"] == criterion.pk
        )
        return Response(row)
