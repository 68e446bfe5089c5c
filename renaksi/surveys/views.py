from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renaksi.surveys import public
from renaksi.surveys.models import Questionnaire, Response, Service, Source
from renaksi.surveys.services import response_record

MAX_FIELD = 5000
PROFILE = ("sex", "age_band", "education", "occupation")


def _questionnaire(code: str) -> Questionnaire:
    found = (
        Questionnaire.objects.select_related("unit")
        .prefetch_related("unsur")
        .filter(code=code[:16])
        .first()
    )
    if found is None:
        raise Http404
    return found


@never_cache
@require_http_methods(["GET", "POST"])
def public_form(request, code):
    questionnaire = _questionnaire(code)
    services = list(Service.objects.filter(unit=questionnaire.unit_id).order_by("name"))
    today = timezone.localdate()
    is_open = questionnaire.start <= today <= questionnaire.end
    errors: list[str] = []
    status = 200
    values = {}
    if request.method == "POST" and is_open:
        values = {k: v[:MAX_FIELD] for k, v in request.POST.items()}
        refusal = public.rate_limited(request, questionnaire.code)
        if refusal:
            errors, status = [refusal], 429
        elif request.POST.get(public.HONEYPOT):
            # a bot: look successful, store nothing
            return render(request, "surveys/public_thanks.html", {"questionnaire": questionnaire})
        else:
            refusal = public.check_token(questionnaire.code, request.POST.get("token", ""))
            if refusal:
                errors, status = [refusal], 400
        if not errors:
            service = next((s for s in services if str(s.pk) == request.POST.get("service")), None)
            try:
                response_record(
                    questionnaire=questionnaire,
                    date=today,
                    answers={u.key: values.get(u.key, "") for u in questionnaire.unsur.all()},
                    source=Source.PUBLIC,
                    service=service,
                    profile={k: values.get(k, "") for k in PROFILE},
                    suggestion=values.get("suggestion", ""),
                    fingerprint_extra=public.address_hash(request),
                    actor=None,
                )
            except ValidationError as exc:
                errors, status = list(exc.messages), 400
            else:
                return render(
                    request, "surveys/public_thanks.html", {"questionnaire": questionnaire}
                )
    context = {
        "questionnaire": questionnaire,
        "unsur": questionnaire.unsur.all(),
        "services": services,
        "is_open": is_open,
        "errors": errors,
        "values": values,
        "token": public.form_token(questionnaire.code),
        "honeypot": public.HONEYPOT,
        # the poster's QR code of one service opens the form with that service chosen
        "chosen_service": values.get("service") or request.GET.get("layanan", "")[:12],
    }
    return render(request, "surveys/public_form.html", context, status=status)


@require_http_methods(["GET"])
def public_results(request, unit_code):
    """The published IKM of a unit per period (and service), open to everyone, with a chart.

    Only answers to published questionnaires count (an answer publishes its version); the
    respondents' suggestions and profile stay on the staff report.
    """
    from renaksi.organisations.models import Unit
    from renaksi.surveys.access import PERIODS, chosen_period
    from renaksi.surveys.documents import report_context
    from renaksi.surveys.report import ikm_report

    unit = Unit.objects.filter(code=unit_code[:40]).first()
    if (
        unit is None
        or not Questionnaire.objects.filter(unit=unit, published_at__isnull=False).exists()
    ):
        raise Http404
    today = timezone.localdate()
    # A visitor without ?tahun= sees the newest year that has answers (in January, last year's
    # results rather than an empty page).
    newest = (
        Response.objects.filter(questionnaire__unit=unit, date__lte=today)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    year, key, start, end, label = chosen_period(
        request.GET, today, default_year=newest.year if newest else None
    )
    services = list(Service.objects.filter(unit=unit).order_by("name"))
    raw = request.GET.get("layanan", "")
    service = next((s for s in services if str(s.pk) == raw), None)
    report = ikm_report(
        unit=unit, start=start, end=end, period_label=label, service=service,
        with_suggestions=False,
    )  # fmt: skip
    report.profile = {}
    context = {
        **report_context(report),
        "unit": unit,
        "year": year,
        "period_key": key,
        "periods": [(k, v[2]) for k, v in PERIODS.items()],
        "services": services,
        "service": service,
    }
    return render(request, "surveys/public_results.html", context)
