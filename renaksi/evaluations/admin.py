"""Admin: edit draft instruments and publish them; a published instrument is read-only."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import Gate, Instrument, Node, ResultBand, StageWindow, Worksheet
from .services import EvaluationError, instrument_publish


class _DraftOnly:
    def _published(self, obj):
        instrument = obj if isinstance(obj, Instrument) else getattr(obj, "instrument", None)
        return instrument is not None and instrument.is_published

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (
            obj is not None and self._published(obj)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (
            obj is not None and self._published(obj)
        )


class BandInline(admin.TabularInline):
    model = ResultBand
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_published

    has_add_permission = has_delete_permission = has_change_permission


class GateInline(BandInline):
    model = Gate
    raw_id_fields = ["node"]


@admin.register(Instrument)
class InstrumentAdmin(_DraftOnly, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "year_from", "year_to", "status", "unconfirmed"]
    list_filter = ["status", "kind"]
    inlines = [BandInline, GateInline]
    readonly_fields = ["status", "published_at"]
    actions = ["publish"]

    @admin.display(description=_("bobot belum terkonfirmasi"))
    def unconfirmed(self, obj):
        return obj.nodes.filter(weight_confirmed=False).count()

    @admin.action(description=_("Terbitkan instrumen terpilih"))
    def publish(self, request, queryset):
        for instrument in queryset:
            try:
                instrument_publish(instrument=instrument, actor=request.user)
            except EvaluationError as exc:
                self.message_user(request, str(exc), messages.ERROR)


@admin.register(Node)
class NodeAdmin(_DraftOnly, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "kind",
        "weight",
        "weight_confirmed",
        "answer_type",
        "instrument",
    ]
    list_filter = ["instrument", "kind", "weight_confirmed", "answer_type"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]

    def save_model(self, request, obj, form, change):
        if Instrument.objects.filter(pk=obj.instrument_id, status="published").exists():
            raise EvaluationError(_("Instrumen sudah terbit dan tidak dapat diubah."))
        super().save_model(request, obj, form, change)


@admin.register(StageWindow)
class StageWindowAdmin(admin.ModelAdmin):
    list_display = ["instrument", "year", "stage", "opens_on", "workdays"]


@admin.register(Worksheet)
class WorksheetAdmin(admin.ModelAdmin):
    list_display = ["unit", "instrument", "year"]
    list_filter = ["instrument", "year"]
    raw_id_fields = ["unit"]
