from django.contrib import admin

from renaksi.chain.models import (
    MonitoringReport,
    MonitoringReportEvent,
    MonitoringReportSubmission,
    ReportingDeadline,
    ReportingSchedule,
)


class ReportingDeadlineInline(admin.TabularInline):
    model = ReportingDeadline
    extra = 0


@admin.register(ReportingSchedule)
class ReportingScheduleAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "kind", "grace_workdays", "updated_at"]
    list_filter = ["year", "kind"]
    search_fields = ["unit__name", "unit__code"]
    inlines = [ReportingDeadlineInline]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SubmissionInline(ReadOnlyInline):
    model = MonitoringReportSubmission
    fields = ["sequence", "as_of", "submitted_by", "submitted_at", "pdf", "pdf_error"]


class EventInline(ReadOnlyInline):
    model = MonitoringReportEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note", "version"]


@admin.register(MonitoringReport)
class MonitoringReportAdmin(admin.ModelAdmin):
    """Read-only: the loop's steps go through the services (audit, version, notices)."""

    list_display = ["plan", "kind", "number", "status", "late", "due_on", "submitted_at"]
    list_filter = ["status", "kind", "late"]
    search_fields = ["plan__unit__name", "plan__unit__code"]
    inlines = [SubmissionInline, EventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
