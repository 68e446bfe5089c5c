"""Units (read) and plans (read; create and replace through the JSON interchange)."""

from __future__ import annotations

import json

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from renaksi.api import serializers as s
from renaksi.api.errors import ApiError
from renaksi.api.filters import CHANGED_SINCE, PLAN, UNIT, YEAR, datetime_param, int_param
from renaksi.api.scoping import narrow, require_in_scope
from renaksi.api.views.base import ApiViewSet, errors
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.interchange import InterchangeError, parsed_from_json, parsed_to_json
from renaksi.plans.models import Indicator, Plan
from renaksi.plans.selectors import plan_get, plan_list_visible, plan_to_parsed
from renaksi.plans.services import plan_import

PLAN_EXAMPLE = OpenApiExample(
    "Rencana",
    value={
        "id": 1,
        "unit": {"id": 9, "code": "17.09", "name": "KPU Kabupaten Bengkulu Tengah"},
        "year": 2022,
        "title": "Rencana Aksi Reformasi Birokrasi KPU Kabupaten Bengkulu Tengah Tahun 2022",
        "granularity": "month",
        "decree_number": "45/HK.03.1-Kpt/1709/2022",
        "indicator_count": 57,
        "created_at": "2022-01-10T09:00:00+07:00",
        "updated_at": "2022-01-10T09:00:00+07:00",
    },
    response_only=True,
)


@extend_schema(tags=["units"])
class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Satuan kerja yang dapat dilihat (unit sendiri dan semua di bawahnya)."""

    serializer_class = s.UnitSerializer

    def get_queryset(self):
        return narrow(self.request, unit_list_visible(user=self.request.user), "pk")

    def get_object(self):
        return self.get_object_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(responses={200: s.UnitSerializer(many=True), **errors(400, 401)})
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: s.UnitSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


def _parsed(document):
    if not isinstance(document, dict):
        raise ApiError(_("document harus berupa objek JSON."), code="invalid")
    try:
        return parsed_from_json(document)
    except InterchangeError as exc:
        raise ApiError(str(exc), code="invalid_document") from exc


def _source(document) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode("utf-8")


@extend_schema(tags=["plans"])
class PlanViewSet(ApiViewSet):
    """Rencana aksi. Menulis memakai impor format pertukaran JSON yang sama dengan CLI."""

    serializer_class = s.PlanSerializer

    def get_queryset(self):
        request = self.request
        qs = plan_list_visible(user=request.user, year=int_param(request, "year", high=2100))
        qs = narrow(request, qs, "unit")
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(unit__code=code)
        since = datetime_param(request, "changed_since")
        if since is not None:
            qs = qs.filter(updated_at__gte=since)
        return qs.order_by("id")

    def _plan(self, pk) -> Plan:
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        plan = plan_get(user=self.request.user, pk=pk)
        require_in_scope(self.request, plan.unit)
        return plan

    @extend_schema(
        parameters=[UNIT, YEAR, CHANGED_SINCE],
        responses={200: s.PlanSerializer(many=True), **errors(400, 401)},
        examples=[PLAN_EXAMPLE],
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.PlanSerializer(page, many=True).data)

    @extend_schema(responses={200: s.PlanDetailSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        plan = self._plan(pk)
        document = parsed_to_json(
            plan_to_parsed(plan=plan), extra={"unit": {"code": plan.unit.code}, "year": plan.year}
        )
        # The plan's fields, then its document: the shape PlanDetailSerializer documents.
        return Response({**s.PlanSerializer(plan).data, "document": document})

    @extend_schema(
        request=s.PlanImportSerializer,
        responses={201: s.PlanSerializer, **errors(400, 401, 403, 404)},
        examples=[
            OpenApiExample(
                "Impor",
                value={"unit": "17.09", "year": 2023, "document": {"granularity": "month"}},
                request_only=True,
            )
        ],
    )
    def create(self, request):
        """Buat rencana dari dokumen format pertukaran (semua atau tidak sama sekali)."""
        data = s.PlanImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = unit_list_visible(user=request.user).filter(code=data.validated_data["unit"]).first()
        if unit is None:
            raise Http404
        require_in_scope(request, unit)
        document = data.validated_data["document"]
        plan = plan_import(
            unit=unit,
            year=data.validated_data["year"],
            parsed=_parsed(document),
            actor=request.user,
            source_name="api.json",
            source_bytes=_source(document),
            source_format="json",
        )
        plan = plan_get(user=request.user, pk=plan.pk)
        return Response(s.PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PlanReplaceSerializer,
        responses={200: s.PlanSerializer, **errors(400, 401, 403, 404)},
    )
    def update(self, request, pk=None):
        """Bangun ulang rencana dari dokumen (ditolak bila sudah ada realisasi)."""
        plan = self._plan(pk)
        data = s.PlanReplaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = data.validated_data["document"]
        plan = plan_import(
            unit=plan.unit,
            year=plan.year,
            parsed=_parsed(document),
            actor=request.user,
            source_name="api.json",
            source_bytes=_source(document),
            source_format="json",
            replace=True,
        )
        return Response(s.PlanSerializer(plan_get(user=request.user, pk=plan.pk)).data)


@extend_schema(tags=["indicators"])
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Indikator dengan target per periode."""

    serializer_class = s.IndicatorSerializer

    def get_queryset(self):
        request = self.request
        qs = (
            Indicator.objects.filter(
                activity__area__plan__unit__in=unit_list_visible(user=request.user)
            )
            .select_related("activity__area", "pic")
            .prefetch_related("targets")
        )
        qs = narrow(request, qs, "activity__area__plan__unit")
        plan = int_param(request, "plan")
        if plan is not None:
            qs = qs.filter(activity__area__plan_id=plan)
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(activity__area__plan__unit__code=code)
        year = int_param(request, "year", high=2100)
        if year is not None:
            qs = qs.filter(activity__area__plan__year=year)
        return qs.order_by("id")

    def get_object(self):
        return self.get_object_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        parameters=[UNIT, YEAR, PLAN],
        responses={200: s.IndicatorSerializer(many=True), **errors(400, 401)},
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: s.IndicatorSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
