from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from tree_queries.models import TreeNode


class User(AbstractUser):
    """A person who signs in. Their rights come from ``Membership`` rows, not from the user."""

    full_name = models.CharField(_("nama lengkap"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self):
        return self.full_name or self.get_full_name() or self.username

    @property
    def display_name(self):
        return str(self)


class Unit(TreeNode):
    """A node of the unit tree (satuan kerja): national, province, regency/city."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("Pusat")
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")
        OTHER = "other", _("Unit lain")

    code = models.CharField(
        _("kode"),
        max_length=40,
        unique=True,
        help_text=_("Untuk KPU: kode wilayah Kemendagri, mis. RI, 17, 17.09."),
    )
    name = models.CharField(_("nama"), max_length=200)
    level = models.CharField(_("tingkat"), max_length=20, choices=Level.choices)
    agency = models.CharField(_("instansi"), max_length=100, default="KPU", blank=True)
    # Where the unit sits, used in decree headers ("Bengkulu Tengah").
    place = models.CharField(_("tempat kedudukan"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("satuan kerja")
        verbose_name_plural = _("satuan kerja")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person's role in one unit: Tim RB members, Sekretaris, Ketua, administrators, viewers."""

    class Role(models.TextChoices):
        PENGARAH = "pengarah", _("Tim Pengarah")
        PELAKSANA = "pelaksana", _("Tim Pelaksana")
        AGEN_PERUBAHAN = "agen_perubahan", _("Tim Agen Perubahan")
        ASESOR = "asesor", _("Tim Asesor")
        SEKRETARIS = "sekretaris", _("Sekretaris")
        KETUA = "ketua", _("Ketua")
        ADMIN = "admin", _("Administrator unit")
        VIEWER = "viewer", _("Pembaca")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("pengguna")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("satuan kerja")
    )
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    position = models.CharField(_("jabatan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.unit}"
