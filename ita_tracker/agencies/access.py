"""Who may do what in one agency, and the decorator every back-office view goes through.

``agency_view`` resolves the agency of the URL through the tenancy helper (another agency: 404),
then checks the permission the view needs (missing: 403). The answers come from the predicates
on :class:`~ita_tracker.agencies.models.Membership`; site administrators without a membership
may read every agency but change nothing there.
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


class Access:
    """The user's standing in one agency, asked by views and templates."""

    def __init__(self, user: Any, agency: Agency, membership: Membership | None) -> None:
        self.user = user
        self.agency = agency
        self.membership = membership

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

    @property
    def can_read(self) -> bool:
        return self.membership is not None or self.is_site_admin

    @property
    def can_edit_plan(self) -> bool:
        return bool(self.membership and self.membership.can_edit_plan)

    @property
    def can_run_rounds(self) -> bool:
        return bool(self.membership and self.membership.can_run_rounds)

    @property
    def can_manage_agency(self) -> bool:
        return bool(self.membership and self.membership.can_manage_agency)

    @property
    def can_approve(self) -> bool:
        return bool(self.membership and self.membership.can_approve)

    @property
    def can_manage_chains(self) -> bool:
        return bool(self.membership and self.membership.can_manage_chains)

    @property
    def can_manage_templates(self) -> bool:
        return bool(self.membership and self.membership.can_manage_templates)

    @property
    def can_manage_signing(self) -> bool:
        return bool(self.membership and self.membership.can_manage_signing)

    @property
    def is_unit_officer(self) -> bool:
        return self.role == Role.UNIT_OFFICER

    @property
    def can_update_some_progress(self) -> bool:
        return self.can_run_rounds or self.is_unit_officer

    def unit_ids(self) -> set[int]:
        if not hasattr(self, "_unit_ids"):
            self._unit_ids = self.membership.unit_ids() if self.membership else set()
        return self._unit_ids

    def can_update_progress(self, responsible_unit_ids: Iterable[int]) -> bool:
        """Whether the user may change the progress of a measure with these responsible units."""
        if self.membership is None:
            return False
        return self.membership.can_update_progress(responsible_unit_ids, self.unit_ids())


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


def agency_view(require: str | None = None) -> Callable[[AgencyView], AgencyView]:
    """Wrap a view taking ``(request, access, **kwargs)`` for the URL's ``agency_slug``.

    Anonymous users go to the login page; non-members get 404 (they must not learn that the
    agency exists); members without ``require`` (an ``Access`` attribute) get 403.
    """

    def decorator(view: AgencyView) -> AgencyView:
        @wraps(view)
        def wrapped(
            request: HttpRequest, agency_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return _to_login(request)
            agency, membership = resolve_agency(request.user, agency_slug)
            access = Access(request.user, agency, membership)
            if require is not None and not getattr(access, require):
                raise PermissionDenied
            request.access = access  # type: ignore[attr-defined]
            return view(request, access, *args, **kwargs)

        return wrapped

    return decorator
