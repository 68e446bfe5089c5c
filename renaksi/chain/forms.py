from django import forms
from django.utils.translation import gettext_lazy as _

from renaksi.chain.models import PeriodKind
from renaksi.chain.services import COVER_NOTE_MAX, GRACE_MAX


class ScheduleRuleForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Jenis periode laporan"),
        choices=PeriodKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    grace_workdays = forms.IntegerField(
        label=_("Batas waktu (hari kerja setelah akhir periode)"),
        min_value=0,
        max_value=GRACE_MAX,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class ScheduleDatesForm(forms.Form):
    """One date field per period of the schedule: ``due_1`` … ``due_n``."""

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        for p in periods:
            self.fields[f"due_{p.number}"] = forms.DateField(
                label=p.label,
                initial=p.due_on,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def dates(self) -> dict[int, object]:
        """The dates given; a field left empty keeps its date."""
        return {int(k[4:]): v for k, v in self.cleaned_data.items() if v is not None}


class SubmitForm(forms.Form):
    number = forms.IntegerField(label=_("Periode"), min_value=1, max_value=12)
    cover_note = forms.CharField(
        label=_("Surat pengantar"),
        required=False,
        max_length=COVER_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=COVER_NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
