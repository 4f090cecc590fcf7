"""The public site's addresses, in one place: the URL configuration, the published files on
disk, the pages' links and the open data all take them from here, so they cannot drift apart.

Every address is stable: a new version of a document keeps the document's address (the older
versions keep theirs, listed beside it); an agency that changes its slug keeps its old
addresses as redirects (``FormerSlug``).
"""

from __future__ import annotations

from django.conf import settings

SITE_INDEX = "/ita/"
SITE_JSON = "/ita/data.json"
SITE_CSV = "/ita/data.csv"


def agency_index(slug: str) -> str:
    return f"/{slug}/ita/"


def agency_feed(slug: str) -> str:
    return f"/{slug}/ita/feed.atom"


def year_page(slug: str, year: int) -> str:
    return f"/{slug}/ita/{year}/"


def year_json(slug: str, year: int) -> str:
    return f"/{slug}/ita/{year}/data.json"


def year_csv(slug: str, year: int) -> str:
    return f"/{slug}/ita/{year}/data.csv"


def oit_page(slug: str, year: int, code: str) -> str:
    return f"/{slug}/ita/{year}/oit/{code}/"


def oit_embed(slug: str, year: int, code: str) -> str:
    return f"/{slug}/ita/{year}/oit/{code}/embed/"


def document_file(slug: str, year: int, name: str) -> str:
    """``plan.pdf``, ``analysis.pdf``, ``round-1.docx`` (the latest version) or ``<code>.pdf``
    (one version)."""
    return f"/{slug}/ita/{year}/documents/{name}"


def evidence_file(slug: str, year: int, name: str) -> str:
    return f"/{slug}/ita/{year}/files/{name}"


def absolute(path: str) -> str:
    """The address with the site's origin (``SITE_URL``), for snippets pasted elsewhere."""
    return settings.SITE_URL.rstrip("/") + path
