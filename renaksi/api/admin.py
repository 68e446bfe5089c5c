import secrets

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from renaksi.api.models import ApiToken, Webhook, WebhookDelivery, WebhookEvent
from renaksi.api.webhooks import WebhookUrlError, webhook_url_check


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = [
        "prefix",
        "user",
        "name",
        "scope",
        "unit",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["prefix", "user__username", "name"]
    readonly_fields = ["prefix", "token_hash", "last_used_at", "created_by", "created_at"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # created with `api_token_create` or on the "Token API" page: shown once

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request, queryset):
        from renaksi.api.tokens import api_token_revoke

        for token in queryset:
            api_token_revoke(token=token, actor=request.user)


class WebhookForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("peristiwa"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Webhook
        fields = ["unit", "url", "secret", "events", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["secret"].initial = secrets.token_urlsafe(32)

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            webhook_url_check(url)
        except WebhookUrlError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url


class DeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = ("event", "status", "attempts", "response_status", "created_at", "delivered_at", "log")
    readonly_fields = fields
    max_num = 0


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookForm
    list_display = ["unit", "url", "active", "created_at"]
    inlines = [DeliveryInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "webhook", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]
    readonly_fields = [
        "webhook",
        "event",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "response_status",
        "log",
        "created_at",
        "delivered_at",
    ]
