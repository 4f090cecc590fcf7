from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def agency_access(request: HttpRequest) -> dict[str, Any]:
    """The current agency and the user's standing in it, for the navigation in base.html."""
    access = getattr(request, "access", None)
    return {"access": access, "agency": access.agency if access else None}
