"""Criteria sets in the admin: a draft is edited freely; publishing freezes it for good."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from renaksi.plans.services import PlanWriteError
from renaksi.quality.models import CriteriaSet, CriteriaSetStatus, Criterion, KegiatanUtama
from renaksi.quality.services import criteria_set_publish


class _FrozenWhenPublished:
    def _published(self, obj) -> bool:
        criteria_set = obj if isinstance(obj, CriteriaSet) else None
        return criteria_set is not None and criteria_set.status == CriteriaSetStatus.PUBLISHED

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._published(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._published(obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._published(obj)


class CriterionInline(_FrozenWhenPublished, admin.TabularInline):
    model = Criterion
    extra = 0


class KegiatanUtamaInline(_FrozenWhenPublished, admin.TabularInline):
    model = KegiatanUtama
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["year", "name", "status", "source_confirmed", "published_at"]
    list_filter = ["status", "source_confirmed"]
    readonly_fields = ["status", "published_at"]
    inlines = [CriterionInline, KegiatanUtamaInline]
    actions = ["publish"]

    def has_change_permission(self, request, obj=None):
        published = obj is not None and obj.status == CriteriaSetStatus.PUBLISHED
        return super().has_change_permission(request, obj) and not published

    def has_delete_permission(self, request, obj=None):
        published = obj is not None and obj.status == CriteriaSetStatus.PUBLISHED
        return super().has_delete_permission(request, obj) and not published

    @admin.action(description=_("Terbitkan kriteria terpilih"))
    def publish(self, request, queryset):
        for criteria_set in queryset:
            try:
                criteria_set_publish(criteria_set=criteria_set, actor=request.user)
            except PlanWriteError as exc:
                self.message_user(request, f"{criteria_set}: {exc}", messages.ERROR)
            else:
                self.message_user(request, _("%(set)s terbit.") % {"set": criteria_set})
