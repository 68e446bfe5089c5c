"""Realisations (read; save with the optimistic ``version``; submit, verify, return); evidence."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import FileResponse, Http404, HttpResponseRedirect
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from renaksi.api import serializers as s
from renaksi.api.filters import (
    CHANGED_SINCE,
    PERIOD,
    PLAN,
    UNIT,
    YEAR,
    choice_param,
    datetime_param,
    int_param,
)
from renaksi.api.scoping import narrow
from renaksi.api.views.base import ApiViewSet, errors
from renaksi.monitoring.evidence import KINDS
from renaksi.monitoring.models import Evidence, Realisation
from renaksi.monitoring.selectors import (
    evidence_get,
    evidence_list_for_realisation,
    realisation_list_visible,
)
from renaksi.monitoring.services import (
    evidence_upload,
    realisation_return,
    realisation_save,
    realisation_submit,
    realisation_verify,
)
from renaksi.monitoring.view_helpers import download_name
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.models import Indicator

STATUS = OpenApiParameter(
    "status", str, enum=Realisation.ReviewState.values, description="Status verifikasi."
)
CONFLICT_EXAMPLE = OpenApiExample(
    "Konflik versi",
    status_codes=["409"],
    response_only=True,
    value={
        "code": "conflict",
        "message": "Realisasi ini sudah diubah oleh pengguna lain. Muat ulang halaman.",
        "details": None,
    },
)
TRANSITION = {
    200: s.RealisationSerializer,
    **errors(400, 401, 403, 404, 409),
}


@extend_schema(tags=["realisations"])
class RealisationViewSet(mixins.RetrieveModelMixin, ApiViewSet):
    """Realisasi per sel (indikator × periode)."""

    serializer_class = s.RealisationSerializer

    def get_queryset(self):
        request = self.request
        qs = narrow(
            request,
            realisation_list_visible(
                user=request.user,
                review_state=choice_param(request, "status", Realisation.ReviewState.values),
            ),
            "indicator__activity__area__plan__unit",
        )
        plan = int_param(request, "plan")
        if plan is not None:
            qs = qs.filter(indicator__activity__area__plan_id=plan)
        code = request.query_params.get("unit")
        if code:
            qs = qs.filter(indicator__activity__area__plan__unit__code=code)
        year = int_param(request, "year", high=2100)
        if year is not None:
            qs = qs.filter(indicator__activity__area__plan__year=year)
        period = int_param(request, "period", high=12)
        if period is not None:
            qs = qs.filter(period=period)
        since = datetime_param(request, "changed_since")
        if since is not None:
            qs = qs.filter(updated_at__gte=since)
        return qs.order_by("id")

    def get_object(self):
        return self.get_object_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        parameters=[PLAN, UNIT, YEAR, PERIOD, STATUS, CHANGED_SINCE],
        responses={200: s.RealisationSerializer(many=True), **errors(400, 401)},
    )
    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.RealisationSerializer(page, many=True).data)

    @extend_schema(responses={200: s.RealisationSerializer, **errors(401, 404)})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def _answer(self, realisation, code=status.HTTP_200_OK):
        fresh = self.get_object_or_404(
            realisation_list_visible(user=self.request.user), realisation.pk
        )
        return Response(s.RealisationSerializer(fresh).data, status=code)

    @extend_schema(
        request=s.RealisationSaveSerializer,
        responses={200: s.RealisationSerializer, **errors(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample(
                "Simpan",
                request_only=True,
                value={
                    "indicator": 12,
                    "period": 3,
                    "version": 0,
                    "status": "done",
                    "progress": 100,
                    "narrative": "SK telah ditetapkan.",
                },
            ),
            CONFLICT_EXAMPLE,
        ],
    )
    def create(self, request):
        """Simpan realisasi satu sel; `version` adalah versi yang dibaca (0 bila belum ada)."""
        data = s.RealisationSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        indicator = (
            narrow(
                request,
                Indicator.objects.filter(
                    activity__area__plan__unit__in=unit_list_visible(user=request.user)
                ),
                "activity__area__plan__unit",
            )
            .filter(pk=v["indicator"])
            .first()
        )
        if indicator is None:
            raise Http404
        realisation = realisation_save(
            indicator=indicator,
            period=v["period"],
            actor=request.user,
            expected_version=v["version"],
            status=v["status"],
            progress=v["progress"],
            value=v.get("value"),
            narrative=v.get("narrative", ""),
            obstacles=v.get("obstacles", ""),
            follow_up=v.get("follow_up", ""),
            done_on=v.get("done_on"),
        )
        return self._answer(realisation)

    def _transition(self, request, pk, service, **extra):
        realisation = self.get_object()
        data = s.VersionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {"note": data.validated_data.get("note", "")} if extra.get("note") else {}
        realisation = service(
            realisation=realisation,
            actor=request.user,
            expected_version=data.validated_data["version"],
            **kwargs,
        )
        return self._answer(realisation)

    @extend_schema(request=s.VersionSerializer, responses=TRANSITION, examples=[CONFLICT_EXAMPLE])
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Ajukan ke Tim Asesor."""
        return self._transition(request, pk, realisation_submit)

    @extend_schema(request=s.VersionSerializer, responses=TRANSITION, examples=[CONFLICT_EXAMPLE])
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verifikasi (Tim Asesor)."""
        return self._transition(request, pk, realisation_verify, note=True)

    @extend_schema(request=s.VersionSerializer, responses=TRANSITION, examples=[CONFLICT_EXAMPLE])
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """Kembalikan ke penanggung jawab dengan catatan (wajib)."""
        return self._transition(request, pk, realisation_return, note=True)

    @extend_schema(
        methods=["GET"],
        responses={200: s.EvidenceSerializer(many=True), **errors(401, 404)},
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": s.EvidenceUploadSerializer},
        responses={201: s.EvidenceSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
        pagination_class=None,
    )
    def evidence(self, request, pk=None):
        """Data dukung sel ini; POST mengunggah berkas dengan pemeriksaan isi yang sama."""
        realisation = self.get_object()
        if request.method == "GET":
            items = evidence_list_for_realisation(user=request.user, realisation=realisation)
            return Response(s.EvidenceSerializer(items, many=True).data)
        data = s.EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = evidence_upload(
            realisation=realisation,
            upload=data.validated_data["file"],
            actor=request.user,
            description=data.validated_data.get("description", ""),
        )
        return Response(s.EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["evidence"])
class EvidenceViewSet(ApiViewSet):
    serializer_class = s.EvidenceSerializer
    queryset = Evidence.objects.none()  # the schema's id type; reads go through the selectors

    def _evidence(self, pk) -> Evidence:
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        evidence = evidence_get(user=self.request.user, pk=pk)
        if not narrow(self.request, Evidence.objects.filter(pk=pk), "unit").exists():
            raise Http404
        return evidence

    @extend_schema(responses={200: s.EvidenceSerializer, **errors(401, 404)})
    def retrieve(self, request, pk=None):
        return Response(s.EvidenceSerializer(self._evidence(pk)).data)

    @extend_schema(
        responses={
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
            302: None,
            **errors(401, 404),
        }
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """Berkasnya (atau pengalihan ke tautannya), setelah pemeriksaan akses yang sama."""
        evidence = self._evidence(pk)
        if evidence.kind == Evidence.Kind.LINK:
            if urlsplit(evidence.url).scheme.lower() not in ("http", "https"):
                raise Http404
            return HttpResponseRedirect(evidence.url)
        if evidence.content_type not in KINDS:
            raise Http404
        try:
            handle = evidence.file.open("rb")
        except (FileNotFoundError, ValueError) as exc:
            raise Http404 from exc
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=download_name(evidence),
            content_type=KINDS[evidence.content_type].mime,
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
