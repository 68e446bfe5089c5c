"""The working XLSX download: every field of the plan, to edit and import back."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from renaksi.plans.selectors import plan_get, plan_to_parsed
from renaksi.plans.workbook import plan_to_xlsx

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def plan_export_working_xlsx(request, pk: int):
    plan = plan_get(user=request.user, pk=pk)
    content = plan_to_xlsx(plan_to_parsed(plan=plan))
    name = f"Rencana kerja {plan.unit.code} {plan.year}.xlsx"
    return HttpResponse(
        content,
        content_type=XLSX_TYPE,
        headers={
            "Content-Disposition": content_disposition_header(as_attachment=True, filename=name),
            "Cache-Control": "private, no-store",
        },
    )
