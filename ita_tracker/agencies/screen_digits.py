"""Which digits a screen is written in: the agency's setting on its screens (issue 11).

``AgencyDigitsMiddleware`` writes the human text of every HTML page of an agency in the
agency's digits (``Agency.thai_digits``) when the screen is Thai, and in Arabic digits when it
is English; ``lib/screen_digits`` says what counts as human text. Templates, views, forms and
messages write numbers as they come (Arabic, or Thai in a few catalogue texts); this is the
one place that decides. The e-mails to the agency's people follow the same setting through
:func:`for_agency`.

Whose setting: the agency of the page (``request.access``, set by ``agency_view``); on a
logged-in page outside any agency (the password pages, the home page) the agency of a user
who is a member of exactly one (so not a site administrator's installation-wide pages). The
sign-in page, the Django admin and the public site are left as they are: no agency, or their
own rules (the public site is published from snapshots).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from ita_tracker.agencies.models import Agency
from ita_tracker.lib import screen_digits
from ita_tracker.middleware import thai_ui

_OTHER_RULES = {"admin", "public"}  # URL namespaces that keep their own digits


def thai_digits_for(request: HttpRequest) -> bool | None:
    """True: Thai digits; False: Arabic digits; None: the page is left as it is."""
    access = getattr(request, "access", None)
    if access is not None:
        return thai_ui() and bool(access.agency.thai_digits)
    match = getattr(request, "resolver_match", None)
    if match is None or _OTHER_RULES & set(match.namespaces):
        return None
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return None
    if not thai_ui():
        return False
    # Memberships only: a site administrator sees every agency and belongs to none.
    agencies = list(Agency.objects.filter(memberships__user=user).only("thai_digits")[:2])
    return bool(agencies[0].thai_digits) if len(agencies) == 1 else None


def for_agency(text: str, agency: Agency) -> str:
    """Text an agency's people read outside a page, in the agency's digits: the e-mails (sent
    in Thai) of reminders and of the approval flow. Links and codes keep theirs."""
    return screen_digits.text(text, thai=bool(agency.thai_digits))


class AgencyDigitsMiddleware:
    """Every HTML page of an agency in the agency's digits (see the module)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if (
            getattr(response, "streaming", False)
            or not isinstance(response, HttpResponse)
            or not response.get("Content-Type", "").startswith("text/html")
            or not response.content
        ):
            return response
        thai = thai_digits_for(request)
        if thai is None:
            return response
        charset = response.charset or "utf-8"
        page = response.content.decode(charset)
        response.content = screen_digits.html(page, thai=thai).encode(charset)
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
