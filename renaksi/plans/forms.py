"""Forms for the plan pages. They validate input; the services do the writing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renaksi.plans.models import Activity, Area, Decree, Plan, ReformArea, SubActivity

# The mixin is only ever mixed into forms; let the type checker see the form it becomes.
if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class BootstrapMixin(_FormBase):
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


class _AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.number} {obj.name}".strip()


class ActivityAddForm(BootstrapMixin, forms.Form):
    area = _AreaChoiceField(
        label=_("Area perubahan"),
        queryset=Area.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("Area perubahan tidak ditemukan dalam rencana ini.")},
    )
    number = forms.CharField(label=_("Nomor"), max_length=20, required=False)
    name = forms.CharField(
        label=_("Nama kegiatan"),
        widget=_textarea(2),
        error_messages={"required": _("Nama kegiatan wajib diisi.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this plan's areas: a tampered value naming another plan's area is refused.
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = Area.objects.filter(
            plan=plan
        ).order_by("position")


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
        cast(forms.ModelChoiceField, self.fields["activity"]).queryset = (
            Activity.objects.filter(area__plan=plan)
            .select_related("area")
            .order_by("area__position", "position")
        )
        cast(forms.ModelChoiceField, self.fields["parent"]).queryset = (
            SubActivity.objects.filter(activity__area__plan=plan, parent__isnull=True)
            .exclude(pk=sub_activity.pk)
            .select_related("activity")
            .order_by("activity__area__position", "activity__position", "position")
        )

    def clean(self):
        super().clean()
        data = self.cleaned_data
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
    pic: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
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
        cast(forms.ChoiceField, self.fields["periods"]).choices = [
            (str(p), title) for p, (_short, title) in enumerate(period_labels, 1)
        ]
        self.fields["periods"].label = (
            _("Pelaksanaan (triwulan)") if plan.period_count == 4 else _("Pelaksanaan (bulan)")
        )
        cast(forms.ChoiceField, self.fields["parent"]).choices = parent_choices
        cast(forms.ModelChoiceField, self.fields["pic"]).queryset = pic_queryset
        cast(Any, self.fields["pic"]).label_from_instance = lambda user: user.display_name

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
        super().clean()
        data = self.cleaned_data
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
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Satuan kerja"), queryset=None, empty_label=_("(pilih satuan kerja)")
    )
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, initial=_this_year)
    file = forms.FileField(
        label=_("Berkas"),
        help_text=_(
            "Teks keputusan (.txt), JSON Renaksi (.json), atau tabel rencana aksi: Excel "
            "(.xlsx), CSV (.csv) atau Word (.docx)."
        ),
        widget=forms.FileInput(
            attrs={"accept": ".txt,.json,.xlsx,.csv,.docx,text/plain,application/json,text/csv"}
        ),
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
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = units
        cast(Any, self.fields["unit"]).label_from_instance = lambda unit: (
            f"{unit.code} — {unit.name}"
        )


ROLE_LABELS = {
    "area_number": _("Nomor area"),
    "area": _("Area perubahan"),
    "activity": _("Kegiatan"),
    "sub_activity": _("Sub kegiatan"),
    "indicator": _("Indikator keberhasilan"),
    "note": _("Keterangan (KET)"),
    "target": _("Target"),
    "unit": _("Satuan target"),
    "pic": _("Penanggung jawab (PIC)"),
    "pic2": _("Penanggung jawab kedua"),
    "budget": _("Anggaran (Rp)"),
    "evidence": _("Tautan bukti"),
}


class TableMappingForm(BootstrapMixin, forms.Form):
    """One select per table column (its role), plus where the data starts and the periods.

    ``columns`` is a list of (column letter, header text, first values) for the labels.
    """

    granularity = forms.ChoiceField(
        label=_("Periode pelaksanaan"),
        choices=[("month", _("Bulan (1–12)")), ("quarter", _("Triwulan (TW I–IV)"))],
    )
    header_row = forms.IntegerField(label=_("Baris judul kolom"), min_value=1, max_value=20_000)
    first_data_row = forms.IntegerField(
        label=_("Baris data pertama"), min_value=1, max_value=20_000
    )
    last_data_row = forms.IntegerField(
        label=_("Baris data terakhir (kosong: sampai akhir)"),
        min_value=1,
        max_value=20_000,
        required=False,
    )

    def __init__(self, *args, columns, sheets=(), **kwargs):
        super().__init__(*args, **kwargs)
        from renaksi.plans.importers.table import ROLES

        if len(sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(
                label=_("Lembar kerja"), choices=[(name, name) for name in sheets]
            )
            self.fields["sheet"].widget.attrs["class"] = "form-select"

        choices: list[tuple[str, Any]] = [("", _("(abaikan)"))]
        choices += [(role, ROLE_LABELS[role]) for role in ROLES]
        choices += [(f"period_{n}", _("Periode %(n)s") % {"n": n}) for n in range(1, 13)]
        self.column_fields = []
        for letter, header, samples in columns:
            name = f"col_{letter}"
            self.fields[name] = forms.ChoiceField(
                label=_("Kolom %(letter)s") % {"letter": letter},
                choices=choices,
                required=False,
            )
            self.column_fields.append((letter, header, samples, name))
        # BootstrapMixin styled the fields that existed before; style the column selects too.
        for name, field in self.fields.items():
            if name.startswith("col_"):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def bound_columns(self):
        return [
            (letter, header, samples, self[name])
            for letter, header, samples, name in self.column_fields
        ]

    def clean(self):
        super().clean()
        data = self.cleaned_data
        seen: dict[str, str] = {}
        quarter = data.get("granularity") == "quarter"
        for letter, _header, _samples, name in self.column_fields:
            role = data.get(name)
            if not role:
                continue
            if role in seen:
                raise forms.ValidationError(
                    _("Peran “%(role)s” dipilih untuk dua kolom (%(a)s dan %(b)s).")
                    % {
                        "role": dict(cast(Any, self.fields[name]).choices)[role],
                        "a": seen[role],
                        "b": letter,
                    }
                )
            if quarter and role.startswith("period_") and int(role[7:]) > 4:
                raise forms.ValidationError(
                    _("Rencana triwulanan hanya memiliki periode 1–4 (kolom %(letter)s).")
                    % {"letter": letter}
                )
            seen[role] = letter
        if "indicator" not in seen:
            raise forms.ValidationError(_("Pilih kolom yang berisi indikator keberhasilan."))
        header_row, first = data.get("header_row"), data.get("first_data_row")
        if header_row and first and first <= header_row:
            raise forms.ValidationError(_("Baris data pertama harus sesudah baris judul kolom."))
        last = data.get("last_data_row")
        if last and first and last < first:
            raise forms.ValidationError(
                _("Baris data terakhir tidak boleh sebelum baris data pertama.")
            )
        data["roles"] = seen
        return data

    def mapping_json(self) -> dict:
        """The mapping in its JSON form (as ``TableMapping.from_json`` reads it)."""
        data = self.cleaned_data
        roles = data["roles"]
        return {
            "header_row": data["header_row"],
            "header_rows": data["first_data_row"] - data["header_row"],
            "first_data_row": data["first_data_row"],
            "last_data_row": data.get("last_data_row"),
            "granularity": data["granularity"],
            "columns": {r: c for r, c in roles.items() if not r.startswith("period_")},
            "periods": {r[7:]: c for r, c in roles.items() if r.startswith("period_")},
        }
