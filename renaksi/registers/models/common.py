"""Shared by every register: the registers, the officers, the step rules and the history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renaksi.core.periods import DayCount
from renaksi.organisations.models import Unit


class RegisterKind(models.TextChoices):
    PENGADUAN = "pengaduan", _("Pengaduan masyarakat")
    PPID = "ppid", _("Permohonan informasi (PPID)")
    GRATIFIKASI = "gratifikasi", _("Pelaporan gratifikasi")
    BENTURAN = "benturan", _("Benturan kepentingan dan pakta integritas")


class RegisterOfficer(models.Model):
    """A person who handles one register of one unit (besides its Sekretaris and administrator).

    The UPG (unit pengendali gratifikasi) is kept here: only its members and the reporter read a
    gratification report, so the unit's managers are not UPG by default.
    """

    class Role(models.TextChoices):
        PENGADUAN = "pengaduan", _("Petugas pengaduan")
        PPID = "ppid", _("PPID pelaksana")
        ATASAN_PPID = "atasan_ppid", _("Atasan PPID")
        UPG = "upg", _("Anggota UPG")

    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="register_officers",
        verbose_name=_("satuan kerja"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="register_roles",
        verbose_name=_("pengguna"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("petugas register")
        verbose_name_plural = _("petugas register")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "user", "role"], name="registers_officer_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit.code}"


class StepRule(models.Model):
    """The deadline of one step of one register in one year, as data.

    Without a row the statutory default (``deadlines.DEFAULTS``) applies; an administrator adds or
    edits a row (Django admin) and the statutory value stays shown beside it.
    """

    register = models.CharField(_("register"), max_length=20, choices=RegisterKind.choices)
    step = models.CharField(_("langkah"), max_length=40)
    year = models.PositiveSmallIntegerField(_("tahun"))
    days = models.PositiveSmallIntegerField(_("jumlah hari"))
    count = models.CharField(
        _("cara hitung"), max_length=10, choices=DayCount.choices, default=DayCount.WORKING
    )
    skip_cuti_bersama = models.BooleanField(
        _("cuti bersama bukan hari kerja"),
        default=True,
        help_text=_("Matikan bila tenggat berlaku bagi masyarakat, yang tidak libur cuti bersama."),
    )
    statutory_days = models.PositiveSmallIntegerField(_("nilai menurut peraturan"))
    basis = models.CharField(_("dasar hukum"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "year", "step"]
        verbose_name = _("aturan tenggat")
        verbose_name_plural = _("aturan tenggat")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "step", "year"], name="registers_step_rule_unique"
            ),
            models.CheckConstraint(condition=Q(days__lte=400), name="registers_step_rule_days_max"),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.step} {self.year}: {self.days}"


ACTION_LABELS = {
    "received": _("Diterima"),
    "assigned": _("Ditugaskan kepada petugas"),
    "classified": _("Diklasifikasikan"),
    "responded": _("Tanggapan pertama dikirim"),
    "answered": _("Dijawab"),
    "closed": _("Selesai"),
    "rated": _("Dinilai pelapor"),
    "extended": _("Diperpanjang"),
    "decided": _("Pemberitahuan tertulis dikirim"),
    "objected": _("Keberatan diajukan"),
    "objection_answered": _("Keberatan dijawab"),
    "disputed": _("Sengketa di Komisi Informasi"),
    "reported": _("Dilaporkan ke UPG"),
    "reviewed": _("Ditelaah UPG"),
    "not_required": _("Tidak wajib lapor"),
    "forwarded": _("Diteruskan ke KPK"),
    "incomplete": _("Diminta melengkapi laporan"),
    "completed": _("Laporan dilengkapi"),
    "lapsed": _("Tidak diproses: tidak dilengkapi tepat waktu"),
}


class RegisterEvent(models.Model):
    """One step in the life of a register item: who did what, when, and what the public sees."""

    complaint = models.ForeignKey(
        "registers.Complaint",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("pengaduan"),
    )
    info_request = models.ForeignKey(
        "registers.InfoRequest",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("permohonan informasi"),
    )
    gratification = models.ForeignKey(
        "registers.Gratification",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("laporan gratifikasi"),
    )
    action = models.CharField(_("tindakan"), max_length=40)
    status = models.CharField(_("status sesudahnya"), max_length=30)
    note = models.TextField(_("catatan"), blank=True)
    # Shown on the public tracking page (a status change), or only to staff (an internal note).
    public = models.BooleanField(_("tampil di pelacakan"), default=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("oleh"),
    )
    created_at = models.DateTimeField(_("waktu"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("riwayat register")
        verbose_name_plural = _("riwayat register")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        complaint__isnull=False,
                        info_request__isnull=True,
                        gratification__isnull=True,
                    )
                    | Q(
                        complaint__isnull=True,
                        info_request__isnull=False,
                        gratification__isnull=True,
                    )
                    | Q(
                        complaint__isnull=True,
                        info_request__isnull=True,
                        gratification__isnull=False,
                    )
                ),
                name="registers_event_one_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.status}"

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
