"""The public site's dynamic fallback: the same pages as the published files, rendered from the
``Publication`` rows when a file is not on disk (not written yet, or a server without the data
directory's ``public/`` folder). No login; nothing but released content, because nothing else
is in a publication.

A year page is rendered once per publication and process: the cache key is the
publication's digest, so a new publication is seen at once, and the digest itself is
remembered for a moment (``disclosure.versions``), so that a request usually costs no query.
"""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ita_tracker.agencies.models import Agency
from ita_tracker.disclosure import publishing, render, versions
from ita_tracker.disclosure.headers import public_headers
from ita_tracker.disclosure.models import FormerSlug, Publication

HTML = "text/html; charset=utf-8"
TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}


def _respond(request: HttpRequest, data: bytes, content_type: str = HTML) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    public_headers(response, request.path, content_type)
    response["Cache-Control"] = "max-age=60, public"
    return response


def _moved(request: HttpRequest, slug: str) -> HttpResponse:
    """A former slug redirects (permanently) to the same address under the agency's new one."""
    former = FormerSlug.objects.filter(slug=slug).select_related("agency").first()
    if former is None:
        raise Http404
    new = request.path.replace(f"/{slug}/", f"/{former.agency.slug}/", 1)
    return HttpResponsePermanentRedirect(new)


def _publication(slug: str, year: int, fields: tuple[str, ...]) -> dict[str, Any] | None:
    return Publication.objects.filter(agency__slug=slug, fiscal_year=year).values(*fields).first()


_rendering = threading.Lock()


def _cached(digest: str, part: str, make: Callable[[], bytes | None]) -> bytes | None:
    key = f"public:{digest}:{part}"
    data = cache.get(key)
    if data is None:
        # One render at a time per process: the requests that arrive together for a page not
        # rendered yet wait for the first one's render instead of each rendering it.
        with _rendering:
            data = cache.get(key)
            if data is None:
                data = make()
                if data is not None:
                    cache.set(key, data, 3600)
    return data


def _content(slug: str, year: int) -> dict[str, Any]:
    row = _publication(slug, year, ("content",))
    if row is None:
        raise Http404
    return row["content"]


def _year_part(
    request: HttpRequest,
    slug: str,
    year: int,
    part: str,
    make: Callable[[dict[str, Any]], bytes | None],
    content_type: str = HTML,
) -> HttpResponse:
    digest = versions.digest(slug, year)
    if digest is None:
        return _moved(request, slug)
    data = _cached(digest, part, lambda: make(_content(slug, year)))
    if data is None:
        raise Http404
    return _respond(request, data, content_type)


@require_safe
def year_page(request: HttpRequest, agency_slug: str, year: int) -> HttpResponse:
    return _year_part(request, agency_slug, year, "page", render.year_page)


@require_safe
def year_json(request: HttpRequest, agency_slug: str, year: int) -> HttpResponse:
    return _year_part(request, agency_slug, year, "json", render.year_json, TYPES["json"])


@require_safe
def year_csv(request: HttpRequest, agency_slug: str, year: int) -> HttpResponse:
    return _year_part(request, agency_slug, year, "csv", render.year_csv, TYPES["csv"])


@require_safe
def oit_item(request: HttpRequest, agency_slug: str, year: int, code: str) -> HttpResponse:
    return _year_part(request, agency_slug, year, f"oit:{code}", lambda c: render.oit_page(c, code))


@xframe_options_exempt
@require_safe
def oit_embed(request: HttpRequest, agency_slug: str, year: int, code: str) -> HttpResponse:
    return _year_part(
        request,
        agency_slug,
        year,
        f"embed:{code}",
        lambda c: render.oit_page(c, code, embed=True),
    )


def _asset(request: HttpRequest, slug: str, year: int, relative: str) -> HttpResponseBase:
    row = _publication(slug, year, ("assets",))
    if row is None:
        return _moved(request, slug)
    name = row["assets"].get(relative)
    if name is None:
        raise Http404
    content_type = mimetypes.guess_type(relative)[0] or "application/octet-stream"
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type)
    public_headers(response, request.path, content_type)
    return response


@require_safe
def document_file(request: HttpRequest, agency_slug: str, year: int, name: str) -> HttpResponseBase:
    return _asset(request, agency_slug, year, f"documents/{name}")


@require_safe
def evidence_file(request: HttpRequest, agency_slug: str, year: int, name: str) -> HttpResponseBase:
    return _asset(request, agency_slug, year, f"files/{name}")


def _agency(request: HttpRequest, slug: str) -> Agency | HttpResponse:
    agency = Agency.objects.filter(slug=slug, publications__isnull=False).distinct().first()
    if agency is None:
        return _moved(request, slug)
    return agency


@require_safe
def agency_index(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request, agency_slug)
    if isinstance(agency, HttpResponse):
        return agency
    files = dict(publishing.agency_files(agency))
    return _respond(request, files["index.html"])


@require_safe
def agency_feed(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = _agency(request, agency_slug)
    if isinstance(agency, HttpResponse):
        return agency
    files = dict(publishing.agency_files(agency))
    return _respond(request, files["feed.atom"], TYPES["atom"])


@require_safe
def site_index(request: HttpRequest) -> HttpResponse:
    return _respond(request, render.site_page(publishing.site_agencies()))


@require_safe
def site_json(request: HttpRequest) -> HttpResponse:
    from django.utils import timezone

    data = render.site_json(publishing.site_agencies(), timezone.now().isoformat())
    return _respond(request, data, TYPES["json"])


@require_safe
def site_csv(request: HttpRequest) -> StreamingHttpResponse:
    response = StreamingHttpResponse(publishing.site_csv_chunks(), content_type=TYPES["csv"])
    public_headers(response, request.path, TYPES["csv"])
    return response
