from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.monitoring.services import MonitoringWriteError, holiday_seed


class Command(BaseCommand):
    help = (
        "Fill the holiday table with Indonesian national holidays and cuti bersama from the "
        "`holidays` package. Idempotent; rows edited by an administrator are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            nargs="+",
            type=int,
            help="Years to seed (default: this year and the next).",
        )

    def handle(self, *args, years=None, **options):
        if not years:
            this_year = timezone.localdate().year
            years = [this_year, this_year + 1]
        try:
            counts = holiday_seed(years=years, actor=None)
        except MonitoringWriteError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            _(
                "Hari libur %(years)s: %(created)s ditambah, %(updated)s diperbarui, "
                "%(removed)s dihapus, %(kept)s suntingan admin dipertahankan."
            )
            % {"years": ", ".join(str(y) for y in sorted(set(years))), **counts}
        )
