from django.contrib import admin

from renaksi.reports.models import ReportJob


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "plan", "kind", "format", "status", "progress", "created_at")
    list_filter = ("status", "kind", "format")
    list_select_related = ("plan__unit",)
    raw_id_fields = ("plan", "requested_by")
    readonly_fields = ("created_at", "started_at", "finished_at", "log", "error")
