"""How screens, lists and e-mails name a person: the Thai full name and the position, never the
login name.

One place decides it, so that the history, the boards, the member list, the approvals and the
e-mails agree. The name is the member's signatory (name with title, as memos print it), else the
account's full name; the position is the signatory's position, else the member's role with her
units. The login name appears only as the very last resort (an account nobody named) — the agency
administrator sees it on the member list, where it is needed to log in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from ita_tracker.agencies.models import Agency, Membership

_CACHE_ATTR = "_people_directory"


@dataclass(frozen=True)
class Person:
    name: str
    position: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.position})" if self.position else self.name


def _account_name(user: Any) -> str:
    return (user.get_full_name() or "").strip() or user.get_username()


def person_of(membership: Membership | None, user: Any = None) -> Person:
    """The person behind a membership (or a bare account when there is none)."""
    if membership is not None:
        user = membership.user
        signatory = membership.signatory
        if signatory is not None:
            return Person(signatory.name, signatory.position)
        units = ", ".join(u.label for u in membership.units.all())
        role = membership.get_role_display()
        return Person(_account_name(user), f"{role} {units}" if units else str(role))
    if user is None:
        return Person("")
    if getattr(user, "is_superuser", False):
        return Person(_account_name(user), _("Site administrator"))
    return Person(_account_name(user))


def directory(agency: Agency) -> dict[int, Person]:
    """Every member of ``agency`` by user id, in a fixed number of queries.

    Kept on the agency object, so one page (one ``request.access.agency``) asks once."""
    cached = getattr(agency, _CACHE_ATTR, None)
    if cached is None:
        memberships = (
            Membership.objects.filter(agency=agency)
            .select_related("user", "signatory")
            .prefetch_related("units__parent")
        )
        cached = {m.user_id: person_of(m) for m in memberships}
        setattr(agency, _CACHE_ATTR, cached)
    return cached


def person(user: Any, agency: Agency | None = None) -> Person:
    """``user`` as the people of ``agency`` know her; outside an agency, her account name."""
    if user is None:
        return Person("")
    if agency is not None:
        found = directory(agency).get(user.pk)
        if found is not None:
            return found
    return person_of(None, user)


def person_label(user: Any, agency: Agency | None = None) -> str:
    return str(person(user, agency))


def actor_label(event: Any, agency: Agency | None = None) -> str:
    """Who did what an audit row records: the person, or "the system" for commands and imports."""
    if event.actor is not None:
        return person_label(event.actor, agency)
    if event.actor_label in ("", "system", "import"):
        return _("System")
    return str(event.actor_label)
