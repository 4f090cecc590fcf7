"""Project-wide middleware."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user picked another language with the switch in the header.

    Many office PCs run an English Windows whose browser asks for English first; the people
    using them may not read English. So the browser's Accept-Language is ignored and only the
    language cookie set by the switch (``/i18n/setlang/``) can change the language.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)


def thai_ui() -> bool:
    """Whether the screen being made is Thai (the default) rather than English."""
    return (translation.get_language() or "th").startswith("th")


class FriendlyNotAllowedMiddleware:
    """A page, not a blank answer, for a method the address does not take (a GET on a
    POST-only address, from a bookmark or a reload): what happened and where to go."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method == "HEAD":
            return response
        friendly = render(request, "405.html", status=405)
        friendly["Allow"] = response.get("Allow", "")
        return friendly


# Scripts, styles, pictures and forms from this site only; no inline script or style anywhere
# (htmx is configured not to add its own, base.html). Embeds of the public pages on agencies'
# sites stay possible (no frame-ancestors; those pages choose their own X-Frame-Options).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    """CSP and Permissions-Policy on every HTML page (the published public site too: it sits
    before PublishedSiteMiddleware), and ``Cache-Control: private, no-store`` on every page
    answered to a logged-in user, so a shared office PC's cache or a proxy keeps no copy
    (issue 10, finding 12)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
            response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "private, no-store"
        return response
