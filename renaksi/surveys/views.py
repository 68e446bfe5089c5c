from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from renaksi.surveys import public
from renaksi.surveys.models import Questionnaire, Service, Source
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
    }
    return render(request, "surveys/public_form.html", context, status=status)
