from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import viewsets

from renaksi.api.errors import ERROR_RESPONSES, ErrorSerializer
from renaksi.api.pagination import IdCursorPagination

ERRORS = {code: OpenApiResponse(ser, description="Galat") for code, ser in ERROR_RESPONSES.items()}


def errors(*codes):
    # Every endpoint may answer 401 (no or bad token) and 429 (throttled).
    return {
        c: OpenApiResponse(ErrorSerializer, description="Galat") for c in sorted({*codes, 401, 429})
    }


class ApiViewSet(viewsets.GenericViewSet):
    pagination_class = IdCursorPagination
    lookup_value_regex = "[0-9]+"

    def get_object_or_404(self, qs, pk):
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            raise Http404 from None
        obj = qs.filter(pk=pk).first()
        if obj is None:
            raise Http404
        return obj
