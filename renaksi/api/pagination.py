from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from renaksi.api.errors import ApiError


class IdCursorPagination(CursorPagination):
    """Cursor pagination by id: stable under concurrent writes (new rows come at the end)."""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except (NotFound, ValueError, UnicodeError):
            raise ApiError(
                _("Parameter cursor tidak valid."),
                code="invalid_filter",
                details={"parameter": "cursor"},
            ) from None
