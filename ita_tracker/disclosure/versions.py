"""Which publication of an agency-year the dynamic fallback serves, remembered for a moment.

The fallback (``disclosure.views``) caches what it renders under the publication's digest, so
a request needs only the digest. Looking it up costs a database round trip, which under load
is most of the request's time; this process keeps each digest it read for
``PUBLIC_FALLBACK_TTL`` seconds (default 2). A publication made in this process is seen at
once (``forget``); one made by another process within that time — far below the
``Cache-Control`` age browsers and CDNs keep a page anyway. Only existing publications are
remembered, so the memory is bounded by their number whatever addresses clients try.
"""

from __future__ import annotations

import time

from django.conf import settings

from ita_tracker.disclosure.models import Publication

_digests: dict[tuple[str, int], tuple[float, str]] = {}


def digest(slug: str, year: int) -> str | None:
    """The digest of the publication at ``/<slug>/ita/<year>/``; ``None`` when there is none."""
    key = (slug, year)
    now = time.monotonic()
    hit = _digests.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    row = Publication.objects.filter(agency__slug=slug, fiscal_year=year).values("digest").first()
    if row is None:
        _digests.pop(key, None)
        return None
    ttl = settings.PUBLIC_FALLBACK_TTL
    if ttl > 0:
        _digests[key] = (now + ttl, row["digest"])
    return row["digest"]


def forget(slug: str | None = None, year: int | None = None) -> None:
    """Drop what this process remembers (of one agency-year, of one agency, or everything)."""
    if slug is None:
        _digests.clear()
        return
    for key in [k for k in _digests if k[0] == slug and (year is None or k[1] == year)]:
        _digests.pop(key, None)
