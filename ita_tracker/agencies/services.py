"""What an agency administrator changes: members and their roles, org units, signatories and
the agency's own settings. Each function is atomic and writes its audit row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies import throttle
from ita_tracker.agencies.access import ACTIONS, authorize, role_may
from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Signatory
from ita_tracker.audit.services import record, snapshot
from ita_tracker.lib.errors import Refused


def is_exclusive_member(user: Any, agency: Agency) -> bool:
    """Whether the agency's administrator may change this user's name, e-mail and password.

    Only for accounts that belong to this agency alone and are not site administrators:
    otherwise one agency's administrator could take over an account used elsewhere.
    """
    if user.is_superuser or user.is_staff:
        return False
    return not Membership.objects.filter(user=user).exclude(agency=agency).exists()


def _membership_state(membership: Membership) -> dict[str, Any]:
    return {
        "user": membership.user.get_username(),
        "role": membership.role,
        "units": sorted(u.label for u in membership.units.select_related("parent")),
        "signatory": str(membership.signatory) if membership.signatory_id else "",
    }


def _check_units(agency: Agency, units: Sequence[OrgUnit]) -> None:
    if any(unit.agency_id != agency.pk for unit in units):
        raise Refused(_("A unit does not belong to this agency."))


@transaction.atomic
def add_member(
    agency: Agency,
    *,
    username: str,
    role: str,
    acting_user: Any,
    units: Sequence[OrgUnit] = (),
    signatory: Signatory | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str = "",
) -> Membership:
    """Give a user a role in the agency, creating the account when the name is new.

    A new account needs a password; an existing account keeps its own (and its details), and
    only a site administrator may add one (an agency administrator gets "not available").
    Side effects: a ``member.added`` audit row (and ``user.created`` for a new account).
    """
    authorize(acting_user, agency, "manage_agency")
    _check_units(agency, units)
    user_model = get_user_model()
    user = user_model.objects.filter(username__iexact=username).first()
    if user is None:
        if not password:
            raise Refused(_("A new account needs a first password."))
        user = user_model.objects.create_user(
            username=username,
            password=password,
            first_name=first_name,
            last_name=last_name,
            email=email,
        )
        record(
            acting_user=acting_user,
            action="user.created",
            obj=user,
            agency=agency,
            after={"username": username, "name": user.get_full_name(), "email": email},
        )
    elif Membership.objects.filter(user=user, agency=agency).exists():
        raise Refused(_("This user is already a member of the agency."))
    elif not getattr(acting_user, "is_superuser", False):
        # An agency administrator may not attach (and so see, and lock others out of) an
        # account that exists outside the agency, nor learn more than that the name is taken.
        raise Refused(
            _(
                "This user name is not available. Choose another one; to give a role here to "
                "an account that already exists, ask the site administrator."
            )
        )
    membership = Membership.objects.create(user=user, agency=agency, role=role, signatory=signatory)
    membership.units.set(units)
    record(
        acting_user=acting_user,
        action="member.added",
        obj=membership,
        agency=agency,
        after=_membership_state(membership),
    )
    return membership


def _admins_left(agency: Agency, without: Membership) -> int:
    return (
        Membership.objects.filter(agency=agency, role__in=ACTIONS["manage_agency"])
        .exclude(pk=without.pk)
        .count()
    )


@transaction.atomic
def update_member(
    membership: Membership,
    *,
    role: str,
    acting_user: Any,
    units: Sequence[OrgUnit] = (),
    signatory: Signatory | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> Membership:
    """Change a member's role, units and signatory (and, for accounts of this agency alone,
    the name and e-mail). The last agency administrator cannot give up that role.
    Side effects: a ``member.updated`` audit row."""
    authorize(acting_user, membership.agency, "manage_agency")
    agency = membership.agency
    _check_units(agency, units)
    if (
        role_may(membership.role, "manage_agency")
        and not role_may(role, "manage_agency")
        and not _admins_left(agency, membership)
    ):
        raise Refused(_("The agency needs at least one administrator."))
    before = _membership_state(membership)
    user = membership.user
    details = {"first_name": first_name, "last_name": last_name, "email": email}
    if any(v is not None for v in details.values()):
        if not is_exclusive_member(user, agency):
            raise Refused(_("This account is also used elsewhere; only the user can change it."))
        before.update(snapshot(user, ["first_name", "last_name", "email"]))
        for name, value in details.items():
            if value is not None:
                setattr(user, name, value)
        user.save(update_fields=[k for k, v in details.items() if v is not None])
    membership.role = role
    membership.signatory = signatory
    membership.save()
    membership.units.set(units)
    after = _membership_state(membership)
    if any(v is not None for v in details.values()):
        after.update(snapshot(user, ["first_name", "last_name", "email"]))
    record(
        acting_user=acting_user,
        action="member.updated",
        obj=membership,
        agency=agency,
        before=before,
        after=after,
    )
    return membership


@transaction.atomic
def set_member_password(membership: Membership, *, password: str, acting_user: Any) -> None:
    """Set a new password for an account of this agency alone.
    Side effects: a ``member.password_set`` audit row (without the password); the user name's
    failed logins are forgotten, which lifts a login lock."""
    authorize(acting_user, membership.agency, "manage_agency")
    user = membership.user
    if not is_exclusive_member(user, membership.agency):
        raise Refused(_("This account is also used elsewhere; only the user can change it."))
    user.set_password(password)
    user.save(update_fields=["password"])
    throttle.forget_user(user.get_username())  # the new password lifts a lock on the name
    record(
        acting_user=acting_user,
        action="member.password_set",
        obj=membership,
        agency=membership.agency,
        after={"user": user.get_username()},
    )


@transaction.atomic
def remove_member(membership: Membership, *, acting_user: Any) -> None:
    """Take the user out of the agency (the account stays; its history keeps its name).
    Side effects: a ``member.removed`` audit row."""
    authorize(acting_user, membership.agency, "manage_agency")
    agency = membership.agency
    if role_may(membership.role, "manage_agency") and not _admins_left(agency, membership):
        raise Refused(_("The agency needs at least one administrator."))
    record(
        acting_user=acting_user,
        action="member.removed",
        obj=membership,
        agency=agency,
        before=_membership_state(membership),
    )
    membership.delete()


UNIT_FIELDS = ["name", "short_name", "parent", "phone", "order"]


@transaction.atomic
def save_unit(
    agency: Agency,
    unit: OrgUnit | None,
    *,
    acting_user: Any,
    name: str,
    short_name: str = "",
    parent: OrgUnit | None = None,
    phone: str = "",
    order: int = 0,
) -> OrgUnit:
    """Create (``unit`` None) or change an org unit. Units are two levels deep: a division,
    or a section under a division of the same agency.
    Side effects: a ``unit.created`` or ``unit.updated`` audit row."""
    authorize(acting_user, agency, "manage_agency")
    if parent is not None:
        if parent.agency_id != agency.pk or parent.parent_id is not None:
            raise Refused(_("A section can only be placed under a division of this agency."))
        if unit is not None and (parent.pk == unit.pk or unit.children.exists()):
            raise Refused(_("A division with sections cannot be placed under another division."))
    duplicate = OrgUnit.objects.filter(agency=agency, parent=parent, name=name)
    if unit is not None:
        duplicate = duplicate.exclude(pk=unit.pk)
    if duplicate.exists():
        raise Refused(_("There is already a unit with this name there."))
    before = snapshot(unit, UNIT_FIELDS) if unit is not None else None
    target = unit or OrgUnit(agency=agency)
    target.name, target.short_name, target.parent = name, short_name, parent
    target.phone, target.order = phone, order
    target.save()
    record(
        acting_user=acting_user,
        action="unit.updated" if unit is not None else "unit.created",
        obj=target,
        agency=agency,
        before=before,
        after=snapshot(target, UNIT_FIELDS),
    )
    return target


@transaction.atomic
def delete_unit(unit: OrgUnit, *, acting_user: Any) -> None:
    """Delete a unit that no measure names and that has no sections.
    Side effects: a ``unit.deleted`` audit row."""
    authorize(acting_user, unit.agency, "manage_agency")
    if unit.children.exists():
        raise Refused(_("Delete or move the unit's sections first."))
    record(
        acting_user=acting_user,
        action="unit.deleted",
        obj=unit,
        agency=unit.agency,
        before=snapshot(unit, UNIT_FIELDS),
    )
    try:
        with transaction.atomic():
            unit.delete()
    except ProtectedError:
        raise Refused(
            _("Measures name this unit as responsible. Change those measures first.")
        ) from None


SIGNATORY_FIELDS = ["name", "position", "unit", "active"]


@transaction.atomic
def save_signatory(
    agency: Agency,
    signatory: Signatory | None,
    *,
    acting_user: Any,
    name: str,
    position: str,
    unit: OrgUnit | None = None,
    active: bool = True,
) -> Signatory:
    """Create or change a signatory. Side effects: ``signatory.created``/``.updated`` audit."""
    authorize(acting_user, agency, "manage_agency")
    if unit is not None and unit.agency_id != agency.pk:
        raise Refused(_("A unit does not belong to this agency."))
    duplicate = Signatory.objects.filter(agency=agency, name=name, position=position)
    if signatory is not None:
        duplicate = duplicate.exclude(pk=signatory.pk)
    if duplicate.exists():
        raise Refused(_("This person is already listed with this position."))
    before = snapshot(signatory, SIGNATORY_FIELDS) if signatory is not None else None
    target = signatory or Signatory(agency=agency)
    target.name, target.position, target.unit, target.active = name, position, unit, active
    target.save()
    record(
        acting_user=acting_user,
        action="signatory.updated" if signatory is not None else "signatory.created",
        obj=target,
        agency=agency,
        before=before,
        after=snapshot(target, SIGNATORY_FIELDS),
    )
    return target


@transaction.atomic
def delete_signatory(signatory: Signatory, *, acting_user: Any) -> None:
    """Delete a signatory no memo uses (otherwise mark them as no longer in the position).
    Side effects: a ``signatory.deleted`` audit row."""
    authorize(acting_user, signatory.agency, "manage_agency")
    record(
        acting_user=acting_user,
        action="signatory.deleted",
        obj=signatory,
        agency=signatory.agency,
        before=snapshot(signatory, SIGNATORY_FIELDS),
    )
    try:
        with transaction.atomic():
            signatory.delete()
    except ProtectedError:
        raise Refused(
            _(
                "Memos are signed by this person, so they cannot be deleted. Untick "
                "“holds the position now” instead."
            )
        ) from None


# The agency details the settings screen edits: AgencySettingsForm shows exactly these.
AGENCY_FIELDS = [
    "name",
    "short_name",
    "type",
    "province",
    "district",
    "address",
    "phone",
    "doc_prefix",
    "website",
    "head_position",
    "thai_digits",
    "numbering",
]


@transaction.atomic
def update_agency_settings(
    agency: Agency,
    *,
    acting_user: Any,
    emblem: tuple[str, bytes] | None = None,
    remove_emblem: bool = False,
    **fields: Any,
) -> Agency:
    """Change the agency's details and document settings; ``emblem`` is (name, checked bytes).
    Side effects: an ``agency.updated`` audit row; a replaced emblem file is removed on commit."""
    authorize(acting_user, agency, "manage_agency")
    unknown = set(fields) - set(AGENCY_FIELDS)
    if unknown:
        raise TypeError(f"update_agency_settings cannot change {sorted(unknown)}")
    before = snapshot(agency, [*AGENCY_FIELDS, "emblem"])
    old_emblem = agency.emblem.name if agency.emblem else ""
    for name, value in fields.items():
        setattr(agency, name, value)
    if emblem is not None:
        name, data = emblem
        agency.emblem.save(name, ContentFile(data), save=False)
    elif remove_emblem:
        agency.emblem = None
    agency.save()
    new_emblem = agency.emblem.name if agency.emblem else ""
    if old_emblem and old_emblem != new_emblem:
        storage = agency.emblem.storage
        transaction.on_commit(lambda: storage.delete(old_emblem))
    record(
        acting_user=acting_user,
        action="agency.updated",
        obj=agency,
        agency=agency,
        before=before,
        after=snapshot(agency, [*AGENCY_FIELDS, "emblem"]),
    )
    return agency
