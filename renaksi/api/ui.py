"""The "Token API" page: a user's tokens, create one (shown once), revoke."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from renaksi.api.models import ApiToken
from renaksi.api.tokens import TokenError, api_token_create, api_token_list, api_token_revoke
from renaksi.organisations.selectors import unit_list_visible


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Nama (untuk Anda)"), max_length=100, required=False)
    scope = forms.ChoiceField(label=gettext_lazy("Cakupan"), choices=ApiToken.Scope.choices)
    unit: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=gettext_lazy("Hanya satuan kerja (dan di bawahnya)"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Semua yang dapat saya lihat"),
    )
    days = forms.IntegerField(
        label=gettext_lazy("Berlaku (hari)"), min_value=1, max_value=3650, initial=90
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["unit"]).queryset = unit_list_visible(
            user=user
        ).order_by("code")
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request):
    if request.method == "POST" and "revoke" in request.POST:
        return _revoke(request)
    new_token = None
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = api_token_create(
                user=request.user,
                actor=request.user,
                scope=form.cleaned_data["scope"],
                unit=form.cleaned_data["unit"],
                days=form.cleaned_data["days"],
                name=form.cleaned_data["name"],
            )
        except TokenError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": api_token_list(user=request.user), "new_token": new_token},
        status=400 if form.errors else 200,
    )


def _revoke(request):
    # Only the user's own tokens: another user's token is "not found".
    raw = request.POST.get("revoke", "").strip()
    token = get_object_or_404(
        ApiToken.objects.filter(user=request.user), pk=int(raw) if raw.isdigit() else 0
    )
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token %(prefix)s… dicabut.") % {"prefix": token.prefix})
    return redirect("api_tokens")
