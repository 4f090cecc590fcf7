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
