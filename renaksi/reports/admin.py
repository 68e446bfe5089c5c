from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from renaksi.reports.common import DocumentError
from renaksi.reports.models import ReportJob
from renaksi.reports.services import report_job_retry


@admin.register(ReportJob)
class ReportJobAdmin(admin.ModelAdmin):
    list_display = ("id", "plan", "kind", "format", "status", "progress", "created_at", "error")
    list_filter = ("status", "kind", "format")
    list_select_related = ("plan__unit",)
    raw_id_fields = ("plan", "requested_by")
    readonly_fields = ("created_at", "started_at", "heartbeat_at", "finished_at", "log", "error")
    actions = ["retry_failed"]

    @admin.action(description=_("Ulangi pekerjaan yang gagal"))
    def retry_failed(self, request, queryset):
        retried = 0
        for job in queryset.filter(status=ReportJob.Status.FAILED).select_related("plan__unit"):
            try:
                report_job_retry(job=job, actor=request.user)
            except DocumentError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                retried += 1
        self.message_user(
            request,
            ngettext("%(count)d pekerjaan diulang.", "%(count)d pekerjaan diulang.", retried)
            % {"count": retried},
            messages.SUCCESS,
        )
