"""Forms of the cell page. They only read the input; the services validate the rules and write.

Every form that changes a realisation carries the ``version`` the page was built from, so a
change made meanwhile by someone else is refused instead of overwritten.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renaksi.monitoring.models import Realisation
from renaksi.plans.forms import BootstrapMixin


class PrefixedIdsMixin:
    """Element ids prefixed per form, so several forms on one page never share an id."""

    id_prefix = "sel"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


def _version_field():
    return forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _text(rows: int = 3, *, required: bool = False, **attrs):
    if required:
        attrs["required"] = True
    return forms.Textarea(attrs={"rows": rows, **attrs})


class RealisationForm(PrefixedIdsMixin, BootstrapMixin, forms.Form):
    id_prefix = "realisasi"
    version = _version_field()
    status = forms.ChoiceField(label=_("Status pelaksanaan"), choices=Realisation.Status.choices)
    progress = forms.IntegerField(
        label=_("Progres (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        help_text=_("“Selesai” berarti 100%, “belum dimulai” berarti 0%."),
    )
    value = forms.DecimalField(
        label=_("Realisasi angka"),
        required=False,
        localize=True,
        max_digits=18,
        decimal_places=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    done_on = forms.DateField(
        label=_("Tanggal selesai"),
        required=False,
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("Diisi bila status pelaksanaan “selesai”."),
    )

    narrative = forms.CharField(label=_("Uraian realisasi"), required=False, widget=_text(4))
    obstacles = forms.CharField(label=_("Kendala"), required=False, widget=_text())
    follow_up = forms.CharField(label=_("Tindak lanjut"), required=False, widget=_text())

    # Evidence sent with the realisation in the same submit (one step: nothing typed is lost).
    new_file = forms.FileField(
        label=_("Data dukung baru"),
        required=False,
        allow_empty_file=True,
        help_text=_("Boleh dipilih sebelum atau sesudah mengetik; disimpan bersama realisasi."),
    )
    photo = forms.FileField(
        label=_("Foto dari kamera"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    link_url = forms.CharField(
        label=_("Tautan data dukung"),
        required=False,
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    link_title = forms.CharField(label=_("Judul tautan"), required=False, max_length=255)

    def __init__(
        self, *args, has_target: bool, target_help: str = "", with_evidence: bool = True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        if not with_evidence:
            for name in ("new_file", "photo", "link_url", "link_title"):
                del self.fields[name]
        if has_target:
            self.fields["value"].help_text = target_help
        else:
            # Without a numeric target there is nothing to measure the number against.
            del self.fields["value"]

    def clean(self):
        """The rules the service also checks, shown at the field they are about."""
        super().clean()
        data = self.cleaned_data
        status, progress = data.get("status"), data.get("progress")
        if status == Realisation.Status.DONE and progress is not None and progress != 100:
            self.add_error("progress", _("Status “selesai” berarti progres 100%."))
        if status == Realisation.Status.NOT_STARTED and progress not in (None, 0):
            self.add_error("progress", _("Status “belum dimulai” berarti progres 0%."))
        done_on = data.get("done_on")
        if done_on is not None and done_on > timezone.localdate():
            self.add_error("done_on", _("Tanggal selesai tidak boleh di masa depan."))
        return data


class EvidenceUploadForm(PrefixedIdsMixin, BootstrapMixin, forms.Form):
    id_prefix = "unggah"
    # Emptiness, size and type are judged by the service, which explains each refusal.
    file = forms.FileField(
        label=_("Berkas"),
        allow_empty_file=True,
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
        help_text=_("PDF, gambar (PNG, JPEG, GIF, WebP), Word, Excel atau PowerPoint."),
    )
    description = forms.CharField(
        label=_("Keterangan"), required=False, max_length=1000, widget=_text(2)
    )


class EvidenceLinkForm(PrefixedIdsMixin, BootstrapMixin, forms.Form):
    id_prefix = "tautan"
    url = forms.CharField(
        label=_("Alamat tautan"),
        max_length=2000,
        error_messages={"required": _("Isi alamat tautan.")},
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(label=_("Judul"), required=False, max_length=255)


class EvidencePickForm(PrefixedIdsMixin, forms.Form):
    """Attach or detach one item of the unit's library."""

    id_prefix = "pustaka"
    evidence = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class VersionForm(PrefixedIdsMixin, forms.Form):
    id_prefix = "ajukan"
    version = _version_field()


class ReviewForm(PrefixedIdsMixin, BootstrapMixin, forms.Form):
    """The assessor's decision; the note is required to return (the service says so)."""

    id_prefix = "verifikasi"
    version = _version_field()
    note = forms.CharField(
        label=_("Catatan verifikasi"),
        required=False,
        widget=_text(3),
        help_text=_("Wajib diisi bila dikembalikan: tulis apa yang perlu diperbaiki."),
    )


class ReopenForm(PrefixedIdsMixin, BootstrapMixin, forms.Form):
    id_prefix = "buka"
    version = _version_field()
    reason = forms.CharField(
        label=_("Alasan membuka kembali"), required=False, widget=_text(2, required=True)
    )
