"""Forms for the plan pages. They validate input; the services do the writing."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renaksi.plans.models import Activity, Decree, Plan, ReformArea, SubActivity


class BootstrapMixin:
    """Bootstrap classes on every widget, and ``is-invalid`` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"


def _textarea(rows: int = 3):
    return forms.Textarea(attrs={"rows": rows})


class AreaForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=20, required=False)
    name = forms.CharField(
        label=_("Nama area perubahan"),
        max_length=300,
        error_messages={"required": _("Nama area perubahan wajib diisi.")},
    )
    reform_area = forms.ModelChoiceField(
        label=_("Area Road Map RB nasional"),
        queryset=ReformArea.objects.order_by("number"),
        required=False,
        empty_label=_("(belum dipetakan)"),
    )


class ActivityForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=20, required=False)
    name = forms.CharField(
        label=_("Nama kegiatan"),
        widget=_textarea(2),
        error_messages={"required": _("Nama kegiatan wajib diisi.")},
    )


class _ActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.area.number} {obj.area.name} › {obj.number} {obj.name}".strip()


class _SubActivityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.activity.number} {obj.activity.name} › {obj.number} {obj.name}".strip()


class SubActivityForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=20, required=False)
    name = forms.CharField(
        label=_("Nama sub kegiatan"),
        widget=_textarea(2),
        error_messages={"required": _("Nama sub kegiatan wajib diisi.")},
    )
    activity = _ActivityChoiceField(
        label=_("Kegiatan"),
        queryset=Activity.objects.none(),
        help_text=_("Pilih kegiatan lain untuk memindahkan sub kegiatan beserta indikatornya."),
    )
    parent = _SubActivityChoiceField(
        label=_("Sub kegiatan induk"),
        queryset=SubActivity.objects.none(),
        required=False,
        empty_label=_("(tidak ada — sub kegiatan utama)"),
        help_text=_("Isi bila sub kegiatan ini adalah rincian berhuruf (a, b, c) dari yang lain."),
    )

    def __init__(self, *args, plan: Plan, sub_activity: SubActivity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = (
            Activity.objects.filter(area__plan=plan)
            .select_related("area")
            .order_by("area__position", "position")
        )
        self.fields["parent"].queryset = (
            SubActivity.objects.filter(activity__area__plan=plan, parent__isnull=True)
            .exclude(pk=sub_activity.pk)
            .select_related("activity")
            .order_by("activity__area__position", "activity__position", "position")
        )

    def clean(self):
        data = super().clean()
        activity, parent = data.get("activity"), data.get("parent")
        if activity and parent and parent.activity_id != activity.pk:
            self.add_error("parent", _("Sub kegiatan induk harus berada di kegiatan yang dipilih."))
        return data


class IndicatorForm(BootstrapMixin, forms.Form):
    number = forms.CharField(label=_("Nomor"), max_length=20, required=False)
    text = forms.CharField(
        label=_("Indikator keberhasilan"),
        widget=_textarea(3),
        error_messages={"required": _("Teks indikator wajib diisi.")},
    )
    periods = forms.TypedMultipleChoiceField(
        label=_("Pelaksanaan"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Periode %(value)s tidak ada dalam rencana aksi ini."),
        },
    )
    note = forms.CharField(label=_("Keterangan (KET)"), widget=_textarea(2), required=False)
    target_value = forms.DecimalField(
        label=_("Target"), max_digits=18, decimal_places=4, required=False, localize=True
    )
    target_unit = forms.CharField(label=_("Satuan target"), max_length=50, required=False)
    pic = forms.ModelChoiceField(
        label=_("Penanggung jawab (PIC)"),
        queryset=None,
        required=False,
        empty_label=_("(tidak dipilih)"),
    )
    pic_name = forms.CharField(
        label=_("atau nama penanggung jawab"),
        max_length=200,
        required=False,
        help_text=_("Dipakai bila penanggung jawab tidak memiliki akun."),
    )
    parent = forms.ChoiceField(
        label=_("Induk"),
        help_text=_("Pilih kegiatan atau sub kegiatan lain untuk memindahkan indikator ini."),
    )

    def __init__(self, *args, plan: Plan, period_labels, parent_choices, pic_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["periods"].choices = [
            (str(p), title) for p, (_short, title) in enumerate(period_labels, 1)
        ]
        self.fields["periods"].label = (
            _("Pelaksanaan (triwulan)") if plan.period_count == 4 else _("Pelaksanaan (bulan)")
        )
        self.fields["parent"].choices = parent_choices
        self.fields["pic"].queryset = pic_queryset
        self.fields["pic"].label_from_instance = lambda user: user.display_name

    def clean_parent(self):
        kind, _sep, pk = self.cleaned_data["parent"].partition(":")
        # The choices were built from this plan only, so a value that passed the choice check
        # belongs to this plan; the lookups below stay scoped to it all the same.
        if kind == "activity":
            activity = Activity.objects.filter(area__plan=self.plan, pk=pk).first()
            sub = None
        else:
            sub = (
                SubActivity.objects.filter(activity__area__plan=self.plan, pk=pk)
                .select_related("activity__area")
                .first()
            )
            activity = sub.activity if sub else None
        if activity is None:
            raise forms.ValidationError(_("Induk yang dipilih tidak ditemukan dalam rencana ini."))
        return activity, sub

    def service_values(self) -> dict:
        data = self.cleaned_data
        activity, sub = data["parent"]
        return {
            "number": data["number"],
            "text": data["text"],
            "periods": set(data["periods"]),
            "note": data["note"],
            "target_value": data["target_value"],
            "target_unit": data["target_unit"],
            "pic": data["pic"],
            "pic_name": data["pic_name"],
            "activity": activity,
            "sub_activity": sub,
        }


DECREE_FIELDS = [
    "issuer",
    "number",
    "lampiran_number",
    "about",
    "place",
    "date_set",
    "signer_name",
    "signer_title",
    "valid_from",
    "valid_until",
    "validity_text",
    "considering",
    "observing",
    "deciding",
]


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class DecreeForm(BootstrapMixin, forms.ModelForm):
    """Validates decree fields against the model. Bound to an unsaved copy, never saved:
    ``decree_update`` writes and records what changed."""

    class Meta:
        model = Decree
        fields = DECREE_FIELDS
        widgets = {
            "about": _textarea(2),
            "validity_text": _textarea(2),
            "considering": _textarea(5),
            "observing": _textarea(5),
            "deciding": _textarea(5),
            "date_set": _DateInput(),
            "valid_from": _DateInput(),
            "valid_until": _DateInput(),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until",
                _("Tanggal akhir masa berlaku tidak boleh sebelum tanggal mulai."),
            )
        return data


def _this_year() -> int:
    return timezone.localdate().year


class PlanImportForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Satuan kerja"), queryset=None, empty_label=_("(pilih satuan kerja)")
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, initial=_this_year)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_("Teks keputusan (.txt) atau JSON Renaksi (.json)."),
        widget=forms.FileInput(attrs={"accept": ".txt,.json,text/plain,application/json"}),
    )
    replace = forms.BooleanField(
        label=_("Ganti rencana yang sudah ada"),
        required=False,
        help_text=_(
            "Bila rencana aksi satuan kerja ini untuk tahun tersebut sudah ada, bangun ulang "
            "dari berkas ini. Koreksi yang pernah dibuat akan hilang."
        ),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.code} — {unit.name}"
