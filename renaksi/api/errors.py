"""One JSON error shape: ``{"code": "...", "message": "<Indonesian>", "details": ...}``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response


class ApiError(exceptions.APIException):
    """An error with a stable code and a message for the user."""

    def __init__(self, message, *, code: str, status_code: int = 400, details=None):
        super().__init__(detail=str(message), code=code)
        self.status_code = status_code
        self.details = details
        self.error_code = code


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kode stabil, mis. `not_found`, `conflict`.")
    message = serializers.CharField(help_text="Pesan untuk pengguna (Bahasa Indonesia).")
    details = serializers.JSONField(help_text="Rincian (mis. galat per kolom) atau null.")


def _conflict_classes():
    from renaksi.chain.services import ChainConflictError
    from renaksi.evaluations.services import AnswerConflictError
    from renaksi.monitoring.services import RealisationConflictError

    return (RealisationConflictError, ChainConflictError, AnswerConflictError)


def _write_error_classes():
    from renaksi.chain.services import ChainError
    from renaksi.evaluations.services import EvaluationError
    from renaksi.monitoring.services import MonitoringWriteError
    from renaksi.plans.services import PlanWriteError
    from renaksi.reports.common import DocumentError

    from .tokens import TokenError

    return (
        MonitoringWriteError,
        ChainError,
        PlanWriteError,
        DocumentError,
        TokenError,
        EvaluationError,
    )


def error_body(code: str, message: str, details=None) -> dict:
    return {"code": code, "message": message, "details": details}


def exception_handler(exc, context):
    """DRF's exception handler, in Renaksi's error shape; the services' errors mapped too."""
    headers = {}
    if isinstance(exc, (Http404, exceptions.NotFound)):
        # Forbidden and missing look the same: a denial reveals nothing.
        return Response(error_body("not_found", _("Tidak ditemukan.")), status=404)
    if isinstance(exc, (DjangoPermissionDenied, exceptions.PermissionDenied)):
        # A signed-in user without the right on an object they can see.
        message = str(exc.detail) if isinstance(exc, exceptions.PermissionDenied) else ""
        if not message or message == str(exceptions.PermissionDenied.default_detail):
            message = _("Anda tidak berhak melakukan tindakan ini.")
        return Response(error_body("permission_denied", message), status=403)
    if isinstance(exc, _conflict_classes()):
        return Response(error_body("conflict", str(exc)), status=409)
    if isinstance(exc, _write_error_classes()):
        return Response(error_body("invalid", str(exc)), status=400)
    if isinstance(exc, DjangoValidationError):
        return Response(error_body("invalid", " ".join(exc.messages)), status=400)
    if isinstance(exc, ApiError):
        return Response(
            error_body(exc.error_code, str(exc.detail), exc.details), status=exc.status_code
        )
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body("invalid", _("Data tidak valid; lihat details."), exc.detail), status=400
        )
    if isinstance(exc, exceptions.NotAuthenticated):
        return Response(
            error_body("not_authenticated", _("Masuk atau kirim token API.")),
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    if isinstance(exc, exceptions.AuthenticationFailed):
        return Response(
            error_body("authentication_failed", str(exc.detail)),
            status=401,
            headers={"WWW-Authenticate": 'Bearer realm="api"'},
        )
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            headers["Retry-After"] = str(int(exc.wait))
        return Response(
            error_body(
                "throttled",
                _("Terlalu banyak permintaan; coba lagi dalam %(s)s detik.")
                % {"s": int(exc.wait or 1)},
            ),
            status=429,
            headers=headers,
        )
    if isinstance(exc, exceptions.MethodNotAllowed):
        return Response(error_body("method_not_allowed", _("Metode tidak diizinkan.")), status=405)
    if isinstance(exc, exceptions.NotAcceptable):
        return Response(error_body("not_acceptable", _("Format tidak didukung.")), status=406)
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return Response(
            error_body("unsupported_media_type", _("Jenis isi permintaan tidak didukung.")),
            status=415,
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(error_body("parse_error", _("Isi permintaan tidak dapat dibaca.")), 400)
    if isinstance(exc, exceptions.APIException):
        return Response(error_body(exc.default_code, str(exc.detail)), status=exc.status_code)
    return None


def not_found_view(request, exception=None):
    from django.http import JsonResponse

    return JsonResponse(error_body("not_found", _("Tidak ditemukan.")), status=404)


ERROR_RESPONSES = {
    400: ErrorSerializer,
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
    429: ErrorSerializer,
}
