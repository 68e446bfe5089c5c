"""Forms of the public pages and the staff registers; the rules themselves live in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renaksi.registers.models import (
    Complaint,
    Declaration,
    Gratification,
    InfoRequest,
    Occasion,
)
from renaksi.registers.public import stamp_new, stamp_problem


class PublicForm(forms.Form):
    """The honeypot and the time stamp shared by every public form."""

    website = forms.CharField(
        required=False,
        label=_("Situs web (kosongkan)"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["stamp"] = stamp_new()

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise forms.ValidationError(_("Formulir tidak dapat diterima."))
        problem = stamp_problem(data.get("stamp", ""))
        if problem:
            raise forms.ValidationError(problem)
        return data

    def restamp(self) -> None:
        """A re-shown form gets a fresh stamp (the old one may be the problem)."""
        data = self.data.copy()
        data["stamp"] = stamp_new()
        self.data = data


class ComplaintPublicForm(PublicForm):
    subject = forms.CharField(label=_("Perihal"), max_length=200)
    body = forms.CharField(label=_("Isi pengaduan"), widget=forms.Textarea(attrs={"rows": 6}))
    anonymous = forms.BooleanField(
        label=_("Kirim tanpa identitas (anonim)"),
        required=False,
        help_text=_("Tanpa identitas kami tidak dapat menghubungi Anda; simpan kode pelacakan."),
    )
    name = forms.CharField(label=_("Nama"), max_length=200, required=False)
    contact = forms.CharField(label=_("Surel atau nomor telepon"), max_length=200, required=False)
    # Attachments: <input type=file name=attachments multiple>, read with FILES.getlist.


class RequestPublicForm(PublicForm):
    requester_name = forms.CharField(label=_("Nama pemohon"), max_length=200)
    requester_id = forms.CharField(label=_("Nomor identitas (NIK)"), max_length=30, required=False)
    contact = forms.CharField(label=_("Surel atau nomor telepon"), max_length=200)
    information = forms.CharField(
        label=_("Rincian informasi yang diminta"), widget=forms.Textarea(attrs={"rows": 5})
    )
    purpose = forms.CharField(
        label=_("Tujuan penggunaan informasi"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestStaffForm(forms.Form):
    channel = forms.ChoiceField(label=_("Saluran"), choices=InfoRequest.Channel.choices)
    received_on = forms.DateField(
        label=_("Tanggal diterima"), widget=forms.DateInput(attrs={"type": "date"})
    )
    requester_name = forms.CharField(label=_("Nama pemohon"), max_length=200)
    requester_id = forms.CharField(label=_("Nomor identitas (NIK)"), max_length=30, required=False)
    contact = forms.CharField(label=_("Kontak"), max_length=200)
    information = forms.CharField(label=_("Rincian informasi"), widget=forms.Textarea)
    purpose = forms.CharField(label=_("Tujuan penggunaan"), widget=forms.Textarea)


class TrackForm(PublicForm):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=40)


class ObjectionPublicForm(PublicForm):
    """A keberatan to the Atasan PPID; the tracking code is the only proof of who files it."""

    code = forms.CharField(label=_("Kode pelacakan permohonan"), max_length=40)
    ground = forms.ChoiceField(
        label=_("Alasan keberatan"),
        choices=[("", "—"), *InfoRequest.Ground.choices],
        help_text=_("UU 14/2008 Pasal 35 ayat (1)."),
    )
    note = forms.CharField(
        label=_("Uraian keberatan"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class RatingForm(PublicForm):
    code = forms.CharField(widget=forms.HiddenInput)
    rating = forms.TypedChoiceField(
        label=_("Penilaian"),
        coerce=int,
        choices=[(i, str(i)) for i in range(1, 6)],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GratificationForm(forms.Form):
    unit = forms.ChoiceField(label=_("Satuan kerja"))
    received_on = forms.DateField(
        label=_("Tanggal penerimaan"), widget=forms.DateInput(attrs={"type": "date"})
    )
    giver_name = forms.CharField(label=_("Nama pemberi"), max_length=200)
    giver_relation = forms.ChoiceField(
        label=_("Hubungan dengan pemberi"), choices=Gratification.Relation.choices
    )
    occasion = forms.ChoiceField(label=_("Peristiwa"), choices=Occasion.choices)
    form = forms.ChoiceField(label=_("Bentuk"), choices=Gratification.Form.choices)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 4}))
    estimated_value = forms.CharField(label=_("Taksiran nilai (Rp)"), max_length=20)


class DeclarationForm(forms.Form):
    conflict_kind = forms.ChoiceField(
        label=_("Benturan kepentingan"), choices=Declaration.ConflictKind.choices, required=False
    )
    conflict_source = forms.CharField(label=_("Sumber benturan"), max_length=200, required=False)
    conflict_description = forms.CharField(
        label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    agree = forms.BooleanField(label=_("Saya menandatangani pakta integritas"))


COMPLAINT_FILTER_STATUSES = Complaint.Status.choices
