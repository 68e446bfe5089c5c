from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renaksi.plans.models import Decree, ImportReport, Plan, ReformArea


@admin.register(ReformArea)
class ReformAreaAdmin(admin.ModelAdmin):
    list_display = ["number", "name"]


@admin.register(Decree)
class DecreeAdmin(SimpleHistoryAdmin):
    list_display = ["number", "about", "date_set", "signer_name"]
    search_fields = ["number", "lampiran_number", "about"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "year", "kind", "is_draft", "granularity", "decree", "updated_at"]
    list_filter = ["year", "granularity", "unit__level"]
    search_fields = ["unit__code", "unit__name", "title"]
    list_select_related = ["unit", "decree"]
    raw_id_fields = ["unit", "decree"]


@admin.register(ImportReport)
class ImportReportAdmin(admin.ModelAdmin):
    list_display = ["plan", "source_name", "source_format", "created_by", "created_at"]
    list_select_related = ["plan__unit", "created_by"]
    readonly_fields = ["findings", "summary", "source_sha256"]
