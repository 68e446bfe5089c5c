"""Forms of the template pages; they validate input, the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from renaksi.cascade.services import DECLINE_REASON_MAX, Scope
from renaksi.organisations.models import Unit
from renaksi.plans.forms import BootstrapMixin


class _UnitChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.name}"


class PublishForm(BootstrapMixin, forms.Form):
    scope = forms.ChoiceField(
        label=_("Penerima"),
        widget=forms.RadioSelect,
        initial=Scope.CHILDREN,
        choices=[
            (Scope.CHILDREN, _("Semua satuan kerja langsung di bawah")),
            (Scope.DESCENDANTS, _("Semua satuan kerja di bawah, sampai tingkat terbawah")),
            (Scope.CHOSEN, _("Satuan kerja yang dipilih")),
        ],
    )
    units = _UnitChoiceField(
        label=_("Satuan kerja yang dipilih"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Satuan kerja %(value)s bukan satuan kerja langsung di bawah."),
            "invalid_pk_value": _("Pilihan satuan kerja tidak sah."),
        },
    )
    note = forms.CharField(
        label=_("Catatan untuk penerima"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.filter(parent=unit).order_by("code")

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.CHOSEN and not data.get("units"):
            self.add_error("units", _("Pilih paling sedikit satu satuan kerja."))
        return data


class DeclineForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=DECLINE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan penolakan.")},
    )
