"""Administrators adjust the deadline rules (the statutory value stays shown), name the register
officers and keep the gratification thresholds. The registers themselves are worked on their own
pages, where every step is audited; here they are read only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renaksi.registers.deadlines import DEFAULTS
from renaksi.registers.models import (
    Complaint,
    Gratification,
    GratificationThreshold,
    InfoRequest,
    RegisterOfficer,
    StepRule,
)

STEP_CHOICES = [
    (step, f"{register}: {step} — {default.label} ({default.days})")
    for register, steps in DEFAULTS.items()
    for step, default in steps.items()
]


class StepRuleForm(forms.ModelForm):
    step = forms.ChoiceField(label=_("langkah"), choices=STEP_CHOICES)

    class Meta:
        model = StepRule
        fields = ["register", "step", "year", "days", "count", "skip_cuti_bersama", "basis"]

    def clean(self):
        data = super().clean()
        register, step = data.get("register"), data.get("step")
        if register and step and step not in DEFAULTS.get(register, {}):
            self.add_error("step", _("Langkah ini bukan langkah register yang dipilih."))
        return data


@admin.register(StepRule)
class StepRuleAdmin(SimpleHistoryAdmin):
    form = StepRuleForm
    list_display = [
        "register", "step", "year", "days", "statutory_days", "count", "skip_cuti_bersama",
    ]  # fmt: skip
    list_filter = ["register", "year", "count", "skip_cuti_bersama"]
    readonly_fields = ["statutory_days"]

    def save_model(self, request, obj, form, change):
        # The statutory value always comes from the law's default, never from the form.
        obj.statutory_days = DEFAULTS[obj.register][obj.step].for_year(obj.year)[0]
        super().save_model(request, obj, form, change)


@admin.register(RegisterOfficer)
class RegisterOfficerAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["unit__code", "unit__name", "user__username", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(GratificationThreshold)
class GratificationThresholdAdmin(SimpleHistoryAdmin):
    list_display = [
        "regulation", "in_force_from", "occasion", "per_giver", "per_year", "non_cash_only",
    ]  # fmt: skip
    list_filter = ["regulation", "occasion"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["number", "unit", "received_on", "classification", "status", "closed_on"]
    list_filter = ["status", "classification", "channel"]
    search_fields = ["number"]


@admin.register(InfoRequest)
class InfoRequestAdmin(ReadOnlyAdmin):
    list_display = ["number", "unit", "received_on", "status", "decision", "closed_on"]
    list_filter = ["status", "decision", "channel"]
    search_fields = ["number"]


@admin.register(Gratification)
class GratificationAdmin(ReadOnlyAdmin):
    list_display = ["number", "unit", "received_on", "status"]
    list_filter = ["status"]
    search_fields = ["number"]
