from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from renaksi.core.hooks import announce_calendar_changed
from renaksi.monitoring.models import (
    Evidence,
    Holiday,
    Realisation,
    RealisationEvent,
    RealisationEvidence,
)


@admin.register(Holiday)
class HolidayAdmin(SimpleHistoryAdmin):
    list_display = ["date", "name", "kind", "source", "active"]
    list_filter = ["kind", "source", "active"]
    search_fields = ["name"]
    date_hierarchy = "date"
    readonly_fields = ["source", "updated_at"]

    def save_model(self, request, obj, form, change):
        # An administrator's row is theirs: seed_holidays never overwrites it.
        obj.source = Holiday.Source.MANUAL
        years = {obj.date.year} | (
            {form.initial["date"].year} if form.initial.get("date") else set()
        )
        super().save_model(request, obj, form, change)
        # Due dates moved: the roll-up's "late" counts of those years are recounted.
        announce_calendar_changed(years=years)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        announce_calendar_changed(years=[obj.date.year])

    def delete_queryset(self, request, queryset):
        years = set(queryset.values_list("date__year", flat=True))
        super().delete_queryset(request, queryset)
        announce_calendar_changed(years=years)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Realisations and evidence change only through the services (permission, history, audit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RealisationEventInline(admin.TabularInline):
    model = RealisationEvent
    fields = ("created_at", "actor", "action", "from_state", "to_state", "note", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("riwayat")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Realisation)
class RealisationAdmin(_ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["indicator", "period", "status", "progress", "review_state", "updated_at"]
    list_filter = ["review_state", "status", "indicator__activity__area__plan__year"]
    search_fields = ["indicator__text", "indicator__activity__area__plan__unit__code"]
    list_select_related = ["indicator"]
    raw_id_fields = ["indicator", "updated_by"]
    inlines = [RealisationEventInline]


@admin.register(Evidence)
class EvidenceAdmin(_ReadOnlyAdmin):
    list_display = ["display_name", "unit", "kind", "content_type", "size", "uploaded_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["display_name", "description", "url", "sha256", "unit__code"]
    list_select_related = ["unit"]


@admin.register(RealisationEvidence)
class RealisationEvidenceAdmin(_ReadOnlyAdmin):
    list_display = ["realisation", "evidence", "added_by", "added_at"]
    list_select_related = ["evidence", "added_by"]
