"""Staff pages of the SKM: the unit's survey page, typing paper questionnaires in, the QR poster
and the IKM report. Every page checks the unit tree permission (``access``)."""

from __future__ import annotations

from datetime import date as Date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renaksi.surveys import documents
from renaksi.surveys.access import CHANGE, PERIODS, VIEW, chosen_period, questionnaire_for, unit_for
from renaksi.surveys.models import Questionnaire, Response, Service, Source
from renaksi.surveys.report import ikm_report
from renaksi.surveys.services import PROFILE_FIELDS, response_record

MAX_FIELD = 5000
SEXES = (("L", "Laki-laki"), ("P", "Perempuan"))
AGE_BANDS = ("17-25", "26-35", "36-45", "46-55", "56+")
EDUCATIONS = ("SD", "SMP", "SMA", "D3", "S1", "S2", "S3")
OCCUPATIONS = ("PNS", "TNI", "POLRI", "Swasta", "Wirausaha", "Lainnya")


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _service(unit_id: int, raw) -> Service | None:
    if not str(raw or "").isdigit():
        return None
    return Service.objects.filter(unit_id=unit_id, pk=int(raw)).first()


@login_required
@require_http_methods(["GET"])
def survey_start(request):
    """The menu's way in: the surveys of the units the user belongs to (straight to the one page
    when there is only one); a superuser starts at the top of the tree."""
    from renaksi.organisations.models import Membership, Unit

    if request.user.is_superuser:
        units = list(Unit.objects.filter(parent__isnull=True).order_by("code")[:50])
    else:
        units = list(
            Unit.objects.filter(
                pk__in=Membership.objects.filter(user=request.user).values("unit_id")
            ).order_by("code")[:50]
        )
    if len(units) == 1:
        return redirect("surveys:survey_home", unit_pk=units[0].pk)
    return render(request, "surveys/start.html", {"units": units})


@login_required
def survey_home(request, unit_pk: int):
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=VIEW)
    questionnaires = list(
        Questionnaire.objects.filter(unit=unit).order_by("-start", "-version")[:50]
    )
    context = {
        "unit": unit,
        "questionnaires": questionnaires,
        "services": list(Service.objects.filter(unit=unit).order_by("name")),
        "can_change": request.user.has_perm(CHANGE, unit),
    }
    return render(request, "surveys/home.html", context)


def _entry_date(raw, questionnaire: Questionnaire) -> Date:
    try:
        chosen = Date.fromisoformat(str(raw or ""))
    except ValueError:
        chosen = timezone.localdate()
    return min(max(chosen, questionnaire.start), questionnaire.end)


@login_required
@require_http_methods(["GET", "POST"])
def survey_entry(request, pk: int):
    """One paper questionnaire per submission, typed with the keyboard only (digits 1–4)."""
    questionnaire = questionnaire_for(user=request.user, pk=pk, perm=CHANGE)
    unsur = list(questionnaire.unsur.all())
    services = list(Service.objects.filter(unit=questionnaire.unit_id).order_by("name"))
    errors: list[str] = []
    values: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = {k: v[:MAX_FIELD] for k, v in request.POST.items()}
        try:
            when = Date.fromisoformat(values.get("tanggal", ""))
        except ValueError:
            errors.append(_("Tanggal survei wajib diisi dengan format yang benar."))
        service = _service(questionnaire.unit_id, values.get("layanan"))
        if values.get("layanan") and service is None:
            errors.append(_("Layanan tidak dikenal."))
        if not errors:
            try:
                response_record(
                    questionnaire=questionnaire,
                    date=when,
                    answers={u.key: values.get(u.key, "").strip() for u in unsur},
                    source=Source.TYPED,
                    service=service,
                    profile={f: values.get(f, "") for f in PROFILE_FIELDS},
                    suggestion=values.get("suggestion", ""),
                    actor=request.user,
                )
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(
                    request, _("Jawaban responden tersimpan. Lanjutkan ke berikutnya.")
                )
                query = urlencode(
                    {"tanggal": when.isoformat(), "layanan": values.get("layanan", "")}
                )
                return redirect(f"{reverse('surveys:survey_entry', args=[pk])}?{query}")
        status = 400
    else:
        values = {
            "tanggal": _entry_date(request.GET.get("tanggal"), questionnaire).isoformat(),
            "layanan": request.GET.get("layanan", "")[:12],
        }
    context = {
        "questionnaire": questionnaire,
        "unit": questionnaire.unit,
        "unsur": [(u, values.get(u.key, "")) for u in unsur],
        "services": services,
        "values": values,
        "errors": errors,
        "typed": Response.objects.filter(questionnaire=questionnaire, source=Source.TYPED).count(),
        "sexes": SEXES,
        "age_bands": AGE_BANDS,
        "educations": EDUCATIONS,
        "occupations": OCCUPATIONS,
    }
    return render(request, "surveys/entry.html", context, status=status)


@login_required
def survey_poster(request, pk: int):
    """A printable A4/A5 poster with the public form's QR code.

    ?layanan= points it at one service, ?kertas=a5 makes it A5, ?format=pdf a PDF.
    """
    import segno

    questionnaire = questionnaire_for(user=request.user, pk=pk, perm=VIEW)
    service = _service(questionnaire.unit_id, request.GET.get("layanan"))
    url = request.build_absolute_uri(reverse("surveys:public_form", args=[questionnaire.code]))
    if service is not None:
        url = f"{url}?{urlencode({'layanan': service.pk})}"
    paper = "a5" if request.GET.get("kertas") == "a5" else "a4"
    qr = segno.make(url, error="m")
    context = {
        "questionnaire": questionnaire,
        "unit": questionnaire.unit,
        "service": service,
        "url": url,
        "paper": paper,
        "qr_svg": qr.svg_inline(scale=8 if paper == "a4" else 6, border=2, omitsize=False),
        "services": list(Service.objects.filter(unit=questionnaire.unit_id).order_by("name")),
    }
    if request.GET.get("format") == "pdf":
        from renaksi.reports.pdf_writer import render_pdf

        data = render_pdf("surveys/poster.html", {**context, "for_pdf": True})
        return _download(data, documents.PDF, f"poster-skm-{questionnaire.code}-{paper}.pdf")
    return render(request, "surveys/poster.html", context)


@login_required
def survey_report(request, unit_pk: int):
    """The IKM report of a unit per period and service: HTML, or ?format=pdf|docx|xlsx."""
    unit = unit_for(user=request.user, unit_pk=unit_pk, perm=VIEW)
    year, key, start, end, label = chosen_period(request.GET, timezone.localdate())
    service = _service(unit.pk, request.GET.get("layanan"))
    fmt = request.GET.get("format", "html")
    report = ikm_report(
        unit=unit,
        start=start,
        end=end,
        period_label=label,
        service=service,
        with_grid=fmt == "xlsx",
    )
    stem = f"ikm-{unit.code}-{year}-{key}" + (f"-layanan{service.pk}" if service else "")
    if fmt == "pdf":
        return _download(documents.report_pdf(report), documents.PDF, f"{stem}.pdf")
    if fmt == "docx":
        return _download(documents.report_docx(report), documents.DOCX, f"{stem}.docx")
    if fmt == "xlsx":
        return _download(documents.report_xlsx(report), documents.XLSX, f"{stem}.xlsx")
    context = {
        **documents.report_context(report),
        "unit": unit,
        "year": year,
        "period_key": key,
        "periods": [(k, v[2]) for k, v in PERIODS.items()],
        "services": list(Service.objects.filter(unit=unit).order_by("name")),
        "service": service,
    }
    return render(request, "surveys/report.html", context)
