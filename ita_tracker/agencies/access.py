"""Who may do what in one agency: the one place every role decision is made.

:data:`ACTIONS` names each action and the roles that may take it; nothing else in the code
compares roles (``tests/agencies/test_access_contract.py`` walks the source to hold that).
Views ask through :func:`agency_view` (``require=`` an action: another agency is a 404, a
missing role a 403) or :meth:`Access.may`; services ask :func:`authorize` first thing, so a
service called directly by a role the table does not name refuses as the view would.
Site administrators without a membership may read every agency but change nothing there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url

from ita_tracker.agencies.models import Agency, Membership, Role
from ita_tracker.agencies.tenancy import resolve_agency
from ita_tracker.audit.services import hold_chain, hold_every_chain

_EVERY_ROLE = frozenset(Role.values)
_RUNS_THE_PLAN = frozenset({Role.AGENCY_ADMIN, Role.COORDINATOR})

#: Each action, and the roles that may take it in their agency.
ACTIONS: dict[str, frozenset[str]] = {
    # Every page of the agency; the documents and evidence files.
    "read": _EVERY_ROLE,
    # The plan and its measures, last year's result and its analysis, Word/Excel imports, the
    # plan's memo, sending the plan for approval (and withdrawing it).
    "edit_plan": _RUNS_THE_PLAN,
    # Opening and closing rounds, the round's memo, sending the progress report (and
    # withdrawing it), reminders, which evidence is public.
    "run_rounds": _RUNS_THE_PLAN,
    # A measure's progress and evidence; a unit officer only for measures of her units
    # (:meth:`Access.can_update_progress`).
    "update_progress": frozenset({Role.AGENCY_ADMIN, Role.COORDINATOR, Role.UNIT_OFFICER}),
    # Approving a plan or a round outright (their state transitions; documents go through
    # their approval chain instead, "decide").
    "approve": frozenset({Role.APPROVER}),
    # A decision on a document: whoever holds the step that day (``approvals.may_decide``).
    "decide": _EVERY_ROLE,
    # The agency's people, units, signatories, settings, register and audit log.
    "manage_agency": frozenset({Role.AGENCY_ADMIN}),
    # Who documents go to for approval, in order.
    "manage_chains": _RUNS_THE_PLAN,
    # The agency's own Word templates.
    "manage_templates": _RUNS_THE_PLAN,
    # The agency's signing certificate.
    "manage_signing": frozenset({Role.AGENCY_ADMIN}),
}

#: What a site administrator without a membership may do in any agency.
SITE_ADMIN_ACTIONS = frozenset({"read"})

#: Installation-wide actions (not of one agency), for site administrators only.
SITE_ACTIONS = frozenset({"import_national_results"})


def role_may(role: str, action: str) -> bool:
    """Whether members of ``role`` may take ``action`` (a key of :data:`ACTIONS`)."""
    return role in ACTIONS[action]


def reports_for_own_units(role: str) -> bool:
    """Whether members of ``role`` update only the measures of their units (so need units)."""
    return role_may(role, "update_progress") and not role_may(role, "run_rounds")


class Access:
    """The user's standing in one agency, asked by views, templates and services."""

    def __init__(self, user: Any, agency: Agency, membership: Membership | None) -> None:
        self.user = user
        self.agency = agency
        self.membership = membership

    @classmethod
    def of(cls, user: Any, agency: Agency) -> Access:
        """The standing of ``user`` in ``agency`` (one query)."""
        membership = None
        if getattr(user, "is_authenticated", False):
            membership = Membership.objects.filter(user=user, agency=agency).first()
        return cls(user, agency, membership)

    def __repr__(self) -> str:
        return f"<Access {self.user} @ {self.agency.slug}: {self.role or 'site admin'}>"

    @property
    def role(self) -> str:
        return self.membership.role if self.membership else ""

    @property
    def role_label(self) -> str:
        return self.membership.get_role_display() if self.membership else ""

    @property
    def is_site_admin(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    def may(self, action: str) -> bool:
        """Whether the user may take ``action`` (a key of :data:`ACTIONS`) in this agency."""
        if action not in ACTIONS:
            raise KeyError(f"unknown action {action!r}: name it in access.ACTIONS")
        if self.membership is not None:
            return role_may(self.membership.role, action)
        return self.is_site_admin and action in SITE_ADMIN_ACTIONS

    def require(self, action: str) -> None:
        """Raise ``PermissionDenied`` unless the user may take ``action``."""
        if not self.may(action):
            raise PermissionDenied

    # For templates, which cannot pass arguments.
    @property
    def can_read(self) -> bool:
        return self.may("read")

    @property
    def can_edit_plan(self) -> bool:
        return self.may("edit_plan")

    @property
    def can_run_rounds(self) -> bool:
        return self.may("run_rounds")

    @property
    def can_manage_agency(self) -> bool:
        return self.may("manage_agency")

    @property
    def can_manage_chains(self) -> bool:
        return self.may("manage_chains")

    @property
    def can_manage_templates(self) -> bool:
        return self.may("manage_templates")

    @property
    def can_manage_signing(self) -> bool:
        return self.may("manage_signing")

    @property
    def is_unit_officer(self) -> bool:
        """A member who updates only the measures of her units."""
        return self.membership is not None and reports_for_own_units(self.membership.role)

    @property
    def can_update_some_progress(self) -> bool:
        return self.may("update_progress")

    @property
    def sees_submissions(self) -> bool:
        """Whether the inbox lists what is in approval and what came back."""
        return self.may("run_rounds") or self.may("edit_plan")

    def may_withdraw(self, submission: Any) -> bool:
        """A plan's submission is the plan's editors'; a round's report, the round runners'."""
        action = "edit_plan" if submission.round_id is None else "run_rounds"
        return self.may(action) and bool(submission.is_open)

    def unit_ids(self) -> set[int]:
        if not hasattr(self, "_unit_ids"):
            self._unit_ids = self.membership.unit_ids() if self.membership else set()
        return self._unit_ids

    def can_update_progress(self, responsible_unit_ids: Iterable[int]) -> bool:
        """Round runners update every measure; a unit officer only those her units (or the
        sections under them) answer for."""
        if not self.may("update_progress"):
            return False
        if not self.is_unit_officer:
            return True
        return not self.unit_ids().isdisjoint(responsible_unit_ids)


def authorize(
    acting_user: Any,
    agency: Agency,
    action: str,
    *,
    responsible_unit_ids: Iterable[int] | None = None,
) -> None:
    """The front door of every service that changes an agency's data; call it first.

    Refuses (``PermissionDenied``) a user whose role :data:`ACTIONS` does not name for
    ``action`` (for ``update_progress`` with ``responsible_unit_ids``: a unit officer of other
    units). ``acting_user`` None is the system (the command line, the worker, the demo).
    Then holds the agency's audit chain until the transaction ends, before the service locks
    any row: every writer of an agency takes the chain first, so none waits for a row while
    holding the chain another writer waits for (issue 10, finding 13: an import and uploads of
    the same agency deadlocked on PostgreSQL).
    """
    if acting_user is not None:
        access = Access.of(acting_user, agency)
        allowed = (
            access.can_update_progress(responsible_unit_ids)
            if action == "update_progress" and responsible_unit_ids is not None
            else access.may(action)
        )
        if not allowed:
            raise PermissionDenied(f"{acting_user} may not {action} in {agency.slug}")
    hold_chain(agency.pk)


def may_on_site(user: Any, action: str) -> bool:
    """Whether ``user`` may take the installation-wide ``action`` (a key of
    :data:`SITE_ACTIONS`): site administrators only."""
    if action not in SITE_ACTIONS:
        raise KeyError(f"unknown action {action!r}: name it in access.SITE_ACTIONS")
    return bool(getattr(user, "is_superuser", False))


def authorize_site(acting_user: Any, action: str) -> None:
    """The front door of a service that writes across agencies (a key of
    :data:`SITE_ACTIONS`): a site administrator or the system, else ``PermissionDenied``.
    Then holds every agency's audit chain, before any row (as :func:`authorize`)."""
    if acting_user is not None and not may_on_site(acting_user, action):
        raise PermissionDenied(f"{acting_user} may not {action}")
    hold_every_chain()


AgencyView = Callable[..., HttpResponseBase]


def _to_login(request: HttpRequest) -> HttpResponseBase:
    """The login page, coming back here afterwards. An htmx request (a session that expired
    while a page was open) makes the whole page go there, not just the part being swapped."""
    htmx = getattr(request, "htmx", None)
    if htmx:
        back = urlsplit(htmx.current_url or "").path or "/"
        login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back})}"
        return HttpResponse(status=204, headers={"HX-Redirect": login})
    return redirect_to_login(request.get_full_path())


def agency_view(require: str = "read") -> Callable[[AgencyView], AgencyView]:
    """Wrap a view taking ``(request, access, **kwargs)`` for the URL's ``agency_slug``.

    Anonymous users go to the login page; non-members get 404 (they must not learn that the
    agency exists); members whose role may not take the action ``require`` (a key of
    :data:`ACTIONS`) get 403. The view keeps the action as ``required_action`` (the role
    matrix test reads it).
    """
    if require not in ACTIONS:
        raise KeyError(f"unknown action {require!r}: name it in access.ACTIONS")

    def decorator(view: AgencyView) -> AgencyView:
        @wraps(view)
        def wrapped(
            request: HttpRequest, agency_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return _to_login(request)
            agency, membership = resolve_agency(request.user, agency_slug)
            access = Access(request.user, agency, membership)
            access.require(require)
            request.access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        wrapped.required_action = require  # type: ignore[attr-defined]
        return wrapped

    return decorator
