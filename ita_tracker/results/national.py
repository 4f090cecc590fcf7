"""The national result list through the web: upload, preview, confirm (site administrators).

The upload is read and checked in full (``importing.read_national_results``) and nothing is
written; the file is kept in a private staging folder under ``MEDIA_ROOT`` with a
signed token naming it and its SHA-256. Confirming reads the same bytes again and imports them
all or nothing (:func:`~ita_tracker.results.importing.import_national_results`), then removes the
staged file. A staged file older than an hour cannot be confirmed and is swept away.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing

from ita_tracker.results.importing import ImportReport, import_national_results
from ita_tracker.results.models import ItaResult

MAX_AGE = 3600  # seconds a preview stays confirmable


class StaleUpload(Exception):
    """The preview expired, was confirmed already, or its file changed."""


@dataclass(frozen=True)
class Preview:
    report: ImportReport
    token: str
    rows: int
    agencies: int
    years: list[int]
    created: int
    updated: int


def _staging() -> Path:
    path = Path(settings.MEDIA_ROOT) / "staging" / "national-results"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _salt(user: Any) -> str:
    return f"national-results:{user.pk}"


def _sweep(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE
    for old in folder.glob("*.bin"):
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)


def stage(
    report: ImportReport,
    *,
    data: bytes,
    filename: str,
    year: int | None,
    strict: bool,
    user: Any,
) -> Preview:
    """Keep the checked file for confirmation; count what confirming would write."""
    folder = _staging()
    _sweep(folder)
    name = secrets.token_hex(16)
    (folder / f"{name}.bin").write_bytes(data)
    token = signing.dumps(
        {
            "name": name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "filename": filename[:255],
            "year": year,
            "strict": strict,
        },
        salt=_salt(user),
    )
    years = sorted({d.fiscal_year for _a, d in report.results})
    pairs = {(a.pk, d.fiscal_year) for a, d in report.results}
    existing = set(
        ItaResult.objects.filter(
            agency_id__in={a for a, _y in pairs}, fiscal_year__be_year__in=years
        ).values_list("agency_id", "fiscal_year__be_year")
    )
    updated = len(pairs & existing)
    return Preview(
        report=report,
        token=token,
        rows=len(report.results),
        agencies=len({a for a, _y in pairs}),
        years=years,
        created=len(pairs) - updated,
        updated=updated,
    )


def confirm(token: str, *, user: Any) -> ImportReport:
    """Import the staged file of ``token``, all or nothing, and remove it.

    Raises :class:`StaleUpload` (expired, already done, changed) or ``ImportRefused`` (the data
    of the installation changed since the preview, e.g. an agency was removed). Side effects: as
    :func:`~ita_tracker.results.importing.import_national_results` (``result.imported`` per
    result, one ``results.imported``).
    """
    try:
        staged = signing.loads(token, salt=_salt(user), max_age=MAX_AGE)
    except signing.BadSignature:
        raise StaleUpload from None
    path = _staging() / f"{staged['name']}.bin"
    try:
        data = path.read_bytes()
    except OSError:
        raise StaleUpload from None
    if hashlib.sha256(data).hexdigest() != staged["sha256"]:
        raise StaleUpload
    try:
        return import_national_results(
            data=data,
            filename=staged["filename"],
            acting_user=user,
            year=staged["year"],
            strict=staged["strict"],
        )
    finally:
        path.unlink(missing_ok=True)
