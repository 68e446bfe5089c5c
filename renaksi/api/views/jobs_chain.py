"""Report jobs (request, poll, download) and the reporting chain (submit, acknowledge, return)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from renaksi.api import serializers as s
from renaksi.api.filters import (
    CHANGED_SINCE,
    PLAN,
    UNIT,
    YEAR,
    choice_param,
    datetime_param,
    int_param,
)
from renaksi.api.scoping import narrow, require_in_scope
from renaksi.api.views.base import ApiViewSet, errors
from renaksi.chain.models import MonitoringReport
from renaksi.chain.selectors import monitoring_report_get
from renaksi.chain.services import (
    monitoring_report_acknowledge,
    monitoring_report_return,
    monitoring_report_submit,
)
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.selectors import plan_get
from renaksi.reports.models import ReportJob
from renaksi.reports.services import report_job_file_name, report_job_get, report_job_request

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _pk(pk) -> int:
    try:
        return int(pk)
    except (TypeError, ValueError):
        raise Http404 from None


def _plan(request, pk):
    plan = plan_get(user=request.user, pk=_pk(pk))
    require_in_scope(request, plan.unit)
    return plan


@extend_schema(tags=["report-jobs"])
class ReportJobViewSet(ApiViewSet):
    """Dokumen resmi yang dibuat di latar belakang: minta, pantau, unduh."""

    serializer_class = s.ReportJobSerializer
    queryset = ReportJob.objects.none()  # the schema's id type; reads go through the selectors

    def _job(self, pk) -> ReportJob:
        job = report_job_get(user=self.request.user, pk=_pk(pk))
        require_in_scope(self.request, job.plan.unit)
        return job

    @extend_schema(
        request=s.ReportJobRequestSerializer,
        responses={202: s.ReportJobSerializer, **errors(400, 401, 403, 404)},
    )
    def create(self, request):
        data = s.ReportJobRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        job = report_job_request(
            plan=_plan(request, v["plan"]),
            kind=v["kind"],
            fmt=v["format"],
            params=v.get("params") or {},
            actor=request.user,
        )
        job.refresh_from_db()
        return Response(s.ReportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={200: s.ReportJobSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        return Response(s.ReportJobSerializer(self._job(pk)).data)

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **errors(401, 404)}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = self._job(pk)
        if job.status != ReportJob.Status.DONE or not job.file:
            raise Http404
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=report_job_file_name(job),
            content_type=CONTENT_TYPES[job.format],
        )
        response["Cache-Control"] = "private, no-store"
        return response


REPORT_STATUS = OpenApiParameter(
    "status", str, enum=MonitoringReport.Status.values, description="Status laporan."
)
DECISION = {200: s.ChainReportSerializer, **errors(400, 401, 403, 404, 409)}


@extend_schema(tags=["chain"])
class ChainReportViewSet(ApiViewSet):
    """Laporan berjenjang ke satuan kerja induk."""

    serializer_class = s.ChainReportSerializer

    def get_queryset(self):
        request = self.request
        visible = unit_list_visible(user=request.user)
        qs = MonitoringReport.objects.filter(plan__unit__in=visible).select_related(
            "plan__unit", "recipient"
        )
        qs = narrow(request, qs, "plan__unit")
        plan = int_param(request, "plan")
        if plan is not None:
            qs = qs.filter(plan_id=plan)
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(plan__unit__code=code)
        year = int_param(request, "year", high=2100)
        if year is not None:
            qs = qs.filter(plan__year=year)
        state = choice_param(request, "status", MonitoringReport.Status.values)
        if state:
            qs = qs.filter(status=state)
        since = datetime_param(request, "changed_since")
        if since is not None:
            qs = qs.filter(submitted_at__gte=since) | qs.filter(decided_at__gte=since)
        return qs.order_by("id")

    def _report(self, pk) -> MonitoringReport:
        report = monitoring_report_get(user=self.request.user, pk=_pk(pk))
        require_in_scope(self.request, report.plan.unit)
        return report

    @extend_schema(
        parameters=[PLAN, UNIT, YEAR, REPORT_STATUS, CHANGED_SINCE],
        responses={200: s.ChainReportSerializer(many=True), **errors(400, 401)},
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.ChainReportSerializer(page, many=True).data)

    @extend_schema(responses={200: s.ChainReportSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        return Response(s.ChainReportSerializer(self._report(pk)).data)

    @extend_schema(
        request=s.ChainSubmitSerializer,
        responses={201: s.ChainReportSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def create(self, request):
        """Ajukan (atau ajukan ulang, dengan `version`) laporan periode ke induk."""
        data = s.ChainSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        report = monitoring_report_submit(
            plan=_plan(request, v["plan"]),
            number=v["number"],
            actor=request.user,
            cover_note=v.get("cover_note", ""),
            expected_version=v.get("version"),
        )
        report = self._report(report.pk)
        return Response(s.ChainReportSerializer(report).data, status=status.HTTP_201_CREATED)

    def _decide(self, request, pk, service):
        report = self._report(pk)
        data = s.VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = service(
            report=report,
            actor=request.user,
            expected_version=data.validated_data["version"],
            note=data.validated_data.get("note", ""),
        )
        return Response(s.ChainReportSerializer(self._report(report.pk)).data)

    @extend_schema(request=s.VersionSerializer, responses=DECISION)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        """Terima laporan (satuan kerja induk)."""
        return self._decide(request, pk, monitoring_report_acknowledge)

    @extend_schema(request=s.VersionSerializer, responses=DECISION)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Kembalikan laporan dengan catatan (wajib)."""
        return self._decide(request, pk, monitoring_report_return)
