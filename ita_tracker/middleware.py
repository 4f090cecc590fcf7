"""Project-wide middleware."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user picked another language with the switch in the header.

    Many office PCs run an English Windows whose browser asks for English first; the people
    using them may not read English. So the browser's Accept-Language is ignored and only the
    language cookie set by the switch (``/i18n/setlang/``) can change the language.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
