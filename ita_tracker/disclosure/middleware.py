"""Serving the published public site from disk, before Django does anything else.

A request under ``/ita/`` or ``/<slug>/ita/`` is answered from ``PUBLIC_ROOT`` when the file is
there, by WhiteNoise's file responder (ETag, Last-Modified, ranges, the ``.gz`` twin for clients
that accept gzip): no session, no user, no database. Whatever is not published falls through to
the dynamic views (``disclosure.views``). Files are looked up on every request (WhiteNoise's
``autorefresh`` path), because publishing adds files while the server runs; what WhiteNoise
builds for a file (its headers, its ``.gz`` twin) is kept while a ``stat`` of the file and of
its twin shows the same files (a new publication is a new folder: new inodes).
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
from whitenoise.responders import MissingFileError, StaticFile

from ita_tracker.disclosure.headers import public_headers

_PUBLIC = re.compile(r"^/(?:ita/|[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?/ita/)")
# Published names that never change content: a version's document (by its code) and an
# evidence file (by its SHA-256).
_IMMUTABLE = re.compile(r"/(?:documents/[A-Z0-9]{10}\.(?:pdf|docx)|files/[0-9a-f]{20}[.\w]*)$")


KNOWN_FILES = 20_000  # StaticFile objects kept per process (about 1 KB each)


def _identity(path: str) -> tuple[Any, ...]:
    """What changes when a file is replaced: its and its .gz twin's inode, size and time."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise MissingFileError(path) from None
    try:
        gz = os.stat(path + ".gz")
        twin: tuple[int, int, int] | None = (gz.st_ino, gz.st_size, gz.st_mtime_ns)
    except OSError:
        twin = None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, twin)


def _add_headers(headers: Any, path: str, url: str) -> None:
    public_headers(headers, url, headers.get("Content-Type", ""))


class PublishedSiteMiddleware(WhiteNoise):
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._known: dict[tuple[str, str], tuple[tuple[Any, ...], StaticFile]] = {}
        super().__init__(
            application=None,
            autorefresh=True,
            max_age=settings.PUBLIC_MAX_AGE,
            index_file=True,
            add_headers_function=_add_headers,
            immutable_file_test=lambda path, url: bool(_IMMUTABLE.search(url)),
        )

    def get_static_file(self, path: str, url: str, stat_cache: Any = None) -> StaticFile:
        # WhiteNoise builds a file's headers and stats its twins on every request in
        # autorefresh mode (most of the time of serving a page); reuse them while the file is
        # the same file.
        identity = _identity(path)
        known = self._known.get((path, url))
        if known is not None and known[0] == identity:
            return known[1]
        static_file = super().get_static_file(path, url, stat_cache=stat_cache)
        if len(self._known) >= KNOWN_FILES:
            self._known.pop(next(iter(self._known)), None)
        self._known[(path, url)] = (identity, static_file)
        return static_file

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
