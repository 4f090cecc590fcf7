"""The one way to reach agency-owned rows. Another agency's object is a 404, never a 403.

Every agency-owned model declares ``agency_path``: the lookup from the model to its Agency
(``"agency"``, ``"plan__agency"`` …). Views resolve objects through :func:`get_scoped_or_404`.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from ita_tracker.agencies.models import Agency, Membership

M = TypeVar("M", bound=models.Model)


def _queryset(model_or_qs: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    if isinstance(model_or_qs, models.QuerySet):
        return model_or_qs
    return model_or_qs._default_manager.all()


def scoped(model_or_qs: type[M] | models.QuerySet[M], agency: Agency) -> models.QuerySet[M]:
    """The rows of ``model_or_qs`` that belong to ``agency``."""
    qs = _queryset(model_or_qs)
    path = getattr(qs.model, "agency_path", None)
    if path is None:
        raise TypeError(f"{qs.model.__name__} declares no agency_path: it is not agency-owned")
    return qs.filter(**{path: agency})


def get_scoped_or_404(
    model_or_qs: type[M] | models.QuerySet[M], agency: Agency, **lookup: Any
) -> M:
    """The row matching ``lookup`` inside ``agency``; 404 when absent or owned by another agency."""
    try:
        return scoped(model_or_qs, agency).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None


def membership_for(user: Any, agency: Agency) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(user=user, agency=agency).first()


def agencies_of(user: Any) -> models.QuerySet[Agency]:
    """Agencies the user is a member of (site admins see every agency)."""
    if getattr(user, "is_superuser", False):
        return Agency.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user).distinct()


def resolve_agency(user: Any, slug: str) -> tuple[Agency, Membership | None]:
    """The agency named by a URL slug, if the user may see it; otherwise 404.

    Site admins (superusers) may see every agency without a membership (``None`` is returned).
    """
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise Http404
    membership = membership_for(user, agency)
    if membership is None and not getattr(user, "is_superuser", False):
        raise Http404
    return agency, membership
