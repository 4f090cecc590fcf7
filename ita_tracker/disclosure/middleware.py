"""Serving the published public site from disk, before Django does anything else.

A request under ``/ita/`` or ``/<slug>/ita/`` is answered from ``PUBLIC_ROOT`` when the file is
there, by WhiteNoise's file responder (ETag, Last-Modified, ranges, the ``.gz`` twin for clients
that accept gzip): no session, no user, no database. Whatever is not published falls through to
the dynamic views (``disclosure.views``). Files are looked up on every request (WhiteNoise's
``autorefresh`` path), because publishing adds files while the server runs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from whitenoise.base import WhiteNoise
from whitenoise.middleware import WhiteNoiseMiddleware

from ita_tracker.disclosure.headers import public_headers

_PUBLIC = re.compile(r"^/(?:ita/|[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?/ita/)")
# Published names that never change content: a version's document (by its code) and an
# evidence file (by its SHA-256).
_IMMUTABLE = re.compile(r"/(?:documents/[A-Z0-9]{10}\.(?:pdf|docx)|files/[0-9a-f]{20}[.\w]*)$")


def _add_headers(headers: Any, path: str, url: str) -> None:
    public_headers(headers, url, headers.get("Content-Type", ""))


class PublishedSiteMiddleware(WhiteNoise):
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        super().__init__(
            application=None,
            autorefresh=True,
            max_age=settings.PUBLIC_MAX_AGE,
            index_file=True,
            add_headers_function=_add_headers,
            immutable_file_test=lambda path, url: bool(_IMMUTABLE.search(url)),
        )

    def candidate_paths_for_url(self, url: str) -> Any:
        # Read the setting on each request, not once at start-up (tests and ``republish
        # --root`` point it elsewhere).
        root = os.path.join(os.path.abspath(settings.PUBLIC_ROOT), "")
        path = os.path.join(root, url.lstrip("/"))
        if self.path_is_child_of(path, root):
            yield path

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if request.method in ("GET", "HEAD") and _PUBLIC.match(path) and "/." not in path:
            static_file = self.find_file(path)
            if static_file is not None:
                return WhiteNoiseMiddleware.serve(static_file, request)
        return self.get_response(request)
