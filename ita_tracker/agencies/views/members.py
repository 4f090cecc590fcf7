"""The agency administrator's list of members: add, change role and units, remove."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ita_tracker.agencies.access import Access, agency_view
from ita_tracker.agencies.forms.admin import (
    MemberDetailsForm,
    MemberForm,
    NewMemberForm,
    SetPasswordForm,
)
from ita_tracker.agencies.models import Membership
from ita_tracker.agencies.people import person_of
from ita_tracker.agencies.services import (
    add_member,
    is_exclusive_member,
    remove_member,
    set_member_password,
    update_member,
)
from ita_tracker.agencies.tenancy import get_scoped_or_404, scoped
from ita_tracker.lib.errors import Refused


def _membership(access: Access, member_id: int) -> Membership:
    return get_scoped_or_404(
        Membership.objects.select_related("user", "signatory"), access.agency, pk=member_id
    )


@agency_view(require="manage_agency")
def member_list(request: HttpRequest, access: Access) -> HttpResponse:
    members = (
        scoped(Membership, access.agency)
        .select_related("user", "signatory")
        .prefetch_related("units__parent")
        .order_by("role", "user__username")
    )
    return render(request, "agencies/member_list.html", {"members": members})


@agency_view(require="manage_agency")
def member_new(request: HttpRequest, access: Access) -> HttpResponse:
    form = NewMemberForm(request.POST or None, agency=access.agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = add_member(
                access.agency,
                username=data["username"],
                role=data["role"],
                units=list(data["units"]),
                signatory=data["signatory"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                password=data["password"],
                acting_user=request.user,
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("%(user)s was added.") % {"user": person_of(membership).name}
            )
            return redirect("agencies:member_list", access.agency.slug)
    return render(request, "agencies/member_form.html", {"form": form})


@agency_view(require="manage_agency")
def member_edit(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    membership = _membership(access, member_id)
    user = membership.user
    exclusive = is_exclusive_member(user, access.agency)
    form_class = MemberDetailsForm if exclusive else MemberForm
    initial = {
        "role": membership.role,
        "units": list(membership.units.all()),
        "signatory": membership.signatory,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
    }
    form = form_class(request.POST or None, agency=access.agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        details = {k: data[k] for k in ("first_name", "last_name", "email")} if exclusive else {}
        try:
            update_member(
                membership,
                role=data["role"],
                units=list(data["units"]),
                signatory=data["signatory"],
                acting_user=request.user,
                **details,
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The member was saved."))
            return redirect("agencies:member_list", access.agency.slug)
    return render(
        request,
        "agencies/member_form.html",
        {
            "form": form,
            "membership": membership,
            "exclusive": exclusive,
            "password_form": SetPasswordForm() if exclusive else None,
        },
    )


@agency_view(require="manage_agency")
def member_password(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    membership = _membership(access, member_id)
    form = SetPasswordForm(request.POST or None, user=membership.user)
    if request.method == "POST" and form.is_valid():
        try:
            set_member_password(
                membership, password=form.cleaned_data["password"], acting_user=request.user
            )
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("A new password was set for %(user)s. Tell it to them in person.")
                % {"user": person_of(membership).name},
            )
            return redirect("agencies:member_list", access.agency.slug)
    return render(
        request, "agencies/member_password.html", {"form": form, "membership": membership}
    )


@agency_view(require="manage_agency")
def member_remove(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    membership = _membership(access, member_id)
    if request.method == "POST":
        name = person_of(membership).name
        try:
            remove_member(membership, acting_user=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(user)s is no longer a member.") % {"user": name},
            )
        return redirect("agencies:member_list", access.agency.slug)
    return render(request, "agencies/member_remove.html", {"membership": membership})
