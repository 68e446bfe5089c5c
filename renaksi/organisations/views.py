"""Members of a unit, managed by the administrators of the unit and of the units above it."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from renaksi.organisations.models import Membership, Unit
from renaksi.organisations.selectors import (
    membership_list_for_unit,
    unit_can_manage_members,
    unit_list_visible,
)
from renaksi.organisations.services import MembershipError, membership_add, membership_remove


class MemberAddForm(forms.Form):
    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    full_name = forms.CharField(
        label=_("Nama lengkap"),
        max_length=200,
        required=False,
        help_text=_("Diisi bila akun ini baru; pemiliknya memasang kata sandi lewat e-mail."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)


def _unit_for(request, unit_pk: int) -> Unit:
    unit = get_object_or_404(unit_list_visible(user=request.user), pk=unit_pk)
    if not unit_can_manage_members(user=request.user, unit=unit):
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_members(request, unit_pk: int):
    unit = _unit_for(request, unit_pk)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = membership_add(unit=unit, actor=request.user, **form.cleaned_data)
        except MembershipError as exc:
            form.add_error("username", str(exc))
        else:
            messages.success(
                request,
                _("%(user)s ditambahkan sebagai %(role)s.")
                % {"user": membership.user.username, "role": membership.get_role_display()},
            )
            return redirect("unit_members", unit_pk=unit.pk)
    children = unit.children.order_by("code").only("pk", "code", "name")
    return render(
        request,
        "organisations/members.html",
        {
            "unit": unit,
            "members": membership_list_for_unit(viewer=request.user, unit=unit),
            "children": children,
            "form": form,
        },
    )


@login_required
@require_POST
def unit_member_remove(request, unit_pk: int, membership_pk: int):
    unit = _unit_for(request, unit_pk)
    membership = (
        Membership.objects.filter(unit=unit, pk=membership_pk)
        .select_related("user", "unit")
        .first()
    )
    if membership is None:
        raise Http404
    try:
        membership_remove(membership=membership, actor=request.user)
    except MembershipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Peran dicabut."))
    return redirect("unit_members", unit_pk=unit.pk)
