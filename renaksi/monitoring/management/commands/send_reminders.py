from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from renaksi.monitoring.reminders import reminder_message, reminders_send


class Command(BaseCommand):
    help = (
        "Kirim e-mail pengingat harian: kepada penanggung jawab (realisasi jatuh tempo dan "
        "terlambat) dan kepada Tim Asesor (realisasi menunggu verifikasi). Paling banyak sekali "
        "sehari per orang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", help=_("tanggal acuan TTTT-BB-HH (default: hari ini, waktu setempat)")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("tampilkan e-mail yang akan dikirim tanpa mengirim atau mencatatnya"),
        )

    def handle(self, *args, **opts):
        try:
            today = date.fromisoformat(opts["today"]) if opts["today"] else timezone.localdate()
        except ValueError as exc:
            raise CommandError(_("Tanggal harus berformat TTTT-BB-HH.")) from exc
        summary = reminders_send(today=today, dry_run=opts["dry_run"])
        if opts["dry_run"]:
            for digest in summary.digests:
                message = reminder_message(digest, today=today)
                self.stdout.write(f"To: {', '.join(message.to)}\nSubject: {message.subject}\n")
                self.stdout.write(str(message.body))
                self.stdout.write("-" * 72)
        self.stdout.write(
            _(
                "%(mode)s%(pic)s pengingat penanggung jawab, %(asesor)s pengingat Tim Asesor; "
                "%(already)s sudah dikirim hari ini, %(no_email)s orang tanpa alamat e-mail, "
                "%(failed)s gagal."
            )
            % {
                "mode": _("Uji coba (tidak ada yang dikirim): ") if opts["dry_run"] else "",
                "pic": summary.pic_sent,
                "asesor": summary.asesor_sent,
                "already": summary.already_sent,
                "no_email": summary.no_email,
                "failed": summary.failed,
            }
        )
        if summary.failed:
            raise CommandError(_("Sebagian pengingat gagal dikirim; lihat log."))
