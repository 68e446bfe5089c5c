"""Downloads of the official documents: the lampiran and the decree of a plan.

Rendering is synchronous for now; the render functions are pure (plan in, bytes out) so a
background job can take them over unchanged.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from renaksi.plans.selectors import plan_get
from renaksi.reports.common import DocumentError, check_paper, download_name
from renaksi.reports.decree import decree_docx, decree_pdf
from renaksi.reports.lampiran import lampiran_docx, lampiran_pdf, lampiran_xlsx

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
LAMPIRAN_RENDERERS = {"xlsx": lampiran_xlsx, "pdf": lampiran_pdf, "docx": lampiran_docx}
DECREE_RENDERERS = {"pdf": decree_pdf, "docx": decree_docx}


def _download(request, pk: int, fmt: str, renderers: dict, kind: str) -> HttpResponse:
    renderer = renderers.get(fmt)
    if renderer is None:
        raise Http404
    plan = plan_get(user=request.user, pk=pk)
    paper = request.GET.get("kertas", "a4").lower()[:10]
    try:
        check_paper(paper)
    except DocumentError as exc:
        return HttpResponseBadRequest(str(exc), content_type="text/plain; charset=utf-8")
    content = renderer(plan=plan, paper=paper)
    return HttpResponse(
        content,
        content_type=CONTENT_TYPES[fmt],
        headers={
            "Content-Disposition": content_disposition_header(
                as_attachment=True, filename=download_name(kind, plan, fmt)
            ),
            "Cache-Control": "private, no-store",
        },
    )


@login_required
@require_GET
def plan_lampiran_download(request, pk: int, fmt: str):
    return _download(request, pk, fmt, LAMPIRAN_RENDERERS, "Lampiran")


@login_required
@require_GET
def plan_decree_download(request, pk: int, fmt: str):
    return _download(request, pk, fmt, DECREE_RENDERERS, "Keputusan")
