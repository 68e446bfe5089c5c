"""Evidence: attached to a cell (upload, link, attach, detach), downloaded, and the unit library.

An upload is limited by size while it is read (``EvidenceSizeLimitHandler``), so a huge file
never fills memory or disk; a file is sent only after ``evidence_get`` found it visible.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from renaksi.monitoring import view_helpers as helpers
from renaksi.monitoring.evidence import KINDS
from renaksi.monitoring.forms import EvidenceLinkForm, EvidencePickForm, EvidenceUploadForm
from renaksi.monitoring.models import Evidence
from renaksi.monitoring.selectors import evidence_get, evidence_list_visible
from renaksi.monitoring.services import (
    evidence_attach,
    evidence_detach,
    evidence_link_add,
    evidence_max_bytes,
    evidence_upload,
)
from renaksi.monitoring.views.cell_page import (
    CellRef,
    attempt,
    cell_for,
    page,
    realisation_of,
    require,
)
from renaksi.organisations.selectors import unit_list_visible
from renaksi.plans.view_helpers import can_import

LIBRARY_PAGE_SIZE = 25
# Room for the multipart headers and the description around the file itself.
UPLOAD_OVERHEAD_BYTES = 64 * 1024


@csrf_exempt  # the CSRF check runs in _upload, after the size-limiting handler is in place
@login_required
@require_POST
def cell_evidence_upload(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)
    limit = evidence_max_bytes()
    announced = int(request.META.get("CONTENT_LENGTH") or 0)
    if announced > limit + UPLOAD_OVERHEAD_BYTES:
        # Refused by its announced size before any of it is read; nothing is stored.
        error = _("Unggahan terlalu besar (%(size)s; paling besar %(limit)s).") % {
            "size": helpers.megabytes(announced),
            "limit": helpers.megabytes(limit),
        }
        return page(request, cell, error=error, status=413)
    request.upload_handlers.insert(0, helpers.EvidenceSizeLimitHandler(request, limit=limit))
    return _upload(request, cell)


@csrf_protect
def _upload(request, cell: CellRef):
    def call(data):
        evidence_upload(
            realisation=realisation_of(cell),
            upload=data["file"],
            actor=request.user,
            description=data["description"],
        )

    return attempt(
        request,
        cell,
        EvidenceUploadForm(request.POST, request.FILES),
        call,
        done=_("Berkas diunggah dan dilampirkan."),
        form_name="upload_form",
        anchor="#data-dukung",
    )


@login_required
@require_POST
def cell_link_add(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)

    def call(data):
        evidence_link_add(
            realisation=realisation_of(cell),
            url=data["url"],
            title=data["title"],
            actor=request.user,
        )

    return attempt(
        request,
        cell,
        EvidenceLinkForm(request.POST),
        call,
        done=_("Tautan ditambahkan."),
        form_name="link_form",
        anchor="#data-dukung",
    )


@login_required
@require_POST
def cell_evidence_attach(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)

    def call(data):
        # Only an item the user may see; the service refuses one of another unit.
        evidence = evidence_get(user=request.user, pk=data["evidence"])
        evidence_attach(realisation=realisation_of(cell), evidence=evidence, actor=request.user)

    return attempt(
        request,
        cell,
        EvidencePickForm(request.POST),
        call,
        done=_("Data dukung dari pustaka dilampirkan."),
        form_name="pick_form",
        anchor="#data-dukung",
    )


@login_required
@require_POST
def cell_evidence_detach(request, plan_pk: int, indicator_pk: int, period: int):
    cell = cell_for(request, plan_pk, indicator_pk, period)
    require(request, "monitoring.change_realisation", cell)

    def call(data):
        evidence = evidence_get(user=request.user, pk=data["evidence"])
        evidence_detach(realisation=realisation_of(cell), evidence=evidence, actor=request.user)

    return attempt(
        request,
        cell,
        EvidencePickForm(request.POST),
        call,
        done=_("Data dukung dilepas dari realisasi ini; ia tetap ada di pustaka unit."),
        form_name="pick_form",
        anchor="#data-dukung",
    )


# --- evidence download and library -------------------------------------------------------


@login_required
@require_GET
def evidence_download(request, evidence_pk: int):
    evidence = evidence_get(user=request.user, pk=evidence_pk)
    if evidence.kind == Evidence.Kind.LINK:
        parts = urlsplit(evidence.url)
        if parts.scheme.lower() not in ("http", "https"):
            raise Http404
        # Never a redirect: the reader sees the full address and its host before leaving.
        link_page = render(
            request,
            "monitoring/evidence_link.html",
            {"evidence": evidence, "url": evidence.url, "host": parts.hostname or ""},
        )
        link_page["Referrer-Policy"] = "no-referrer"
        return link_page
    if evidence.content_type not in KINDS:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=helpers.download_name(evidence),
        content_type=KINDS[evidence.content_type].mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# Only these are shown in the page; every other type is downloaded (evidence_download).
INLINE_TYPES = frozenset({"pdf", "png", "jpeg", "gif", "webp"})


@xframe_options_sameorigin  # framed by the cell page only (CSP frame-ancestors 'self')
@csp_override(
    {
        "default-src": [CSP.NONE],
        "img-src": [CSP.SELF],
        "object-src": [CSP.SELF],
        "style-src": [CSP.UNSAFE_INLINE],  # the browser's own PDF and image viewers
        "frame-ancestors": [CSP.SELF],
    }
)
@login_required
@require_GET
def evidence_preview(request, evidence_pk: int):
    """A PDF or image shown inline, after the same access check as the download."""
    evidence = evidence_get(user=request.user, pk=evidence_pk)
    if evidence.kind != Evidence.Kind.FILE or evidence.content_type not in INLINE_TYPES:
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=helpers.download_name(evidence),
        content_type=KINDS[evidence.content_type].mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_GET
def evidence_library(request, unit_pk: int):
    unit = get_object_or_404(unit_list_visible(user=request.user), pk=unit_pk)
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(
        evidence_list_visible(user=request.user, unit=unit, search=query), LIBRARY_PAGE_SIZE
    ).get_page(request.GET.get("halaman"))
    return render(
        request,
        "monitoring/evidence_library.html",
        {
            "can_import": can_import(request.user),
            "unit": unit,
            "query": query,
            "page": page,
            "items": helpers.library_items(list(page)),
        },
    )
