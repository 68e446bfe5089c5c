from datetime import date as Date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from renaksi.plans.management.commands._common import unit_by_code, user_by_username
from renaksi.surveys import services
from renaksi.surveys.importer import SurveyImportError, load_mapping, survey_import
from renaksi.surveys.models import Questionnaire, Service

MAX_BYTES = 10 * 1024 * 1024


def parse_date(text: str) -> Date:
    try:
        return Date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("Tanggal %(d)s harus berformat YYYY-MM-DD.") % {"d": text}) from None


def questionnaire_for(unit, when: Date, actor) -> Questionnaire:
    """The latest questionnaire covering ``when``; else a year-long one with the 9 unsur."""
    found = (
        Questionnaire.objects.filter(unit=unit, start__lte=when, end__gte=when)
        .order_by("-start", "-version")
        .first()
    )
    if found:
        return found
    return services.questionnaire_create(
        unit=unit,
        title=_("SKM %(unit)s %(year)s") % {"unit": unit.name, "year": when.year},
        start=Date(when.year, 1, 1),
        end=Date(when.year, 12, 31),
        actor=actor,
    )


class Command(BaseCommand):
    help = "Impor jawaban SKM dari CSV/XLSX (ekspor Google Forms)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--service", required=True)
        parser.add_argument(
            "--date", required=True, help="YYYY-MM-DD, dipakai bila baris tidak bertanggal"
        )
        parser.add_argument("--mapping", help="berkas JSON, teks JSON, atau U1=C,U2=D,date=A")
        parser.add_argument("--user")

    def handle(self, *args, **opts):
        unit = unit_by_code(opts["unit"])
        actor = user_by_username(opts.get("user"))
        when = parse_date(opts["date"])
        path = Path(opts["file"])
        suffix = path.suffix.lower().lstrip(".")
        if suffix not in ("csv", "xlsx"):
            raise CommandError(_("Berkas harus CSV atau XLSX: %(f)s.") % {"f": path.name})
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CommandError(_("Berkas %(f)s terlalu besar.") % {"f": path.name})
            data = path.read_bytes()
        except OSError:
            raise CommandError(_("Berkas %(f)s tidak dapat dibaca.") % {"f": path.name}) from None
        try:
            mapping = load_mapping(opts.get("mapping"))
            service = Service.objects.filter(
                unit=unit, name=opts["service"]
            ).first() or services.service_create(unit=unit, name=opts["service"], actor=actor)
            questionnaire = questionnaire_for(unit, when, actor)
            result = survey_import(
                questionnaire=questionnaire,
                data=data,
                kind=suffix,
                date=when,
                service=service,
                mapping=mapping,
                actor=actor,
            )
        except SurveyImportError as exc:
            raise CommandError(
                _("%(f)s ditolak, tidak ada yang disimpan:\n%(p)s")
                % {"f": path.name, "p": "\n".join(exc.problems[:200])}
            ) from None
        self.stdout.write(
            _("%(n)s jawaban diimpor ke %(unit)s.") % {"n": result.created, "unit": unit.code}
        )
