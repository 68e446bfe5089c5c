"""Compare every roll-up summary row with its cells; ``--fix`` rebuilds the plans that differ."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from renaksi.plans.models import Plan
from renaksi.plans.stamps import plan_stamp_bump
from renaksi.rollup.services import COUNTS, plan_summary_refresh, summary_differences

FIELDS = ("due_on", *COUNTS, "last_activity")


class Command(BaseCommand):
    help = (
        "Bandingkan ringkasan rekap (rencana × periode) dengan sel realisasinya; tampilkan "
        "perbedaannya, dan bangun ulang ringkasan yang berbeda dengan --fix."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="bangun ulang yang berbeda")
        parser.add_argument("--year", type=int, help="hanya rencana aksi tahun ini")
        parser.add_argument("--all", action="store_true", help="dengan --fix: bangun ulang semua")

    def handle(self, *args, **opts):
        plans = Plan.objects.order_by("pk")
        if opts["year"]:
            plans = plans.filter(year=opts["year"])
        plan_ids = list(plans.values_list("pk", flat=True))
        found = summary_differences(plan_ids=plan_ids)
        for plan_id, period, stored, expected in found:
            changed = [
                f"{name}: {a if stored else '—'} → {b if expected else '—'}"
                for name, a, b in zip(
                    FIELDS,
                    stored or [None] * len(FIELDS),
                    expected or [None] * len(FIELDS),
                    strict=True,
                )
                if stored is None or expected is None or a != b
            ]
            self.stdout.write(
                _("rencana %(plan)s periode %(period)s: %(changes)s")
                % {"plan": plan_id, "period": period, "changes": "; ".join(changed)}
            )
        self.stdout.write(
            _("%(rows)s baris berbeda di %(plans)s dari %(total)s rencana aksi.")
            % {
                "rows": len(found),
                "plans": len({f[0] for f in found}),
                "total": len(plan_ids),
            }
        )
        if opts["fix"]:
            todo = plan_ids if opts["all"] else sorted({f[0] for f in found})
            with transaction.atomic():
                written = plan_summary_refresh(plan_ids=todo)
                # Roll-ups cached from the wrong rows are computed again (rollup.page_cache).
                plan_stamp_bump(plan_ids=todo)
            self.stdout.write(
                _("Dibangun ulang: %(plans)s rencana aksi, %(rows)s baris.")
                % {"plans": len(todo), "rows": written}
            )
        elif found:
            raise CommandError(_("Ringkasan rekap tidak sesuai dengan sel; jalankan dengan --fix."))
