from django.contrib import admin

from renaksi.cascade.models import PlanTemplate, TemplateRecipient


class TemplateRecipientInline(admin.TabularInline):
    model = TemplateRecipient
    extra = 0
    fields = ["unit", "status", "plan", "decline_reason", "responded_by", "responded_at"]
    readonly_fields = fields
    can_delete = False


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    """Read-only: templates are published, adopted and declined through the services."""

    list_display = ["unit", "year", "version", "published_by", "published_at"]
    list_filter = ["year"]
    search_fields = ["unit__code", "unit__name"]
    readonly_fields = [f.name for f in PlanTemplate._meta.fields]
    inlines = [TemplateRecipientInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
