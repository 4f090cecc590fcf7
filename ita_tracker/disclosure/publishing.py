"""Publishing: released content becomes a ``Publication`` row and static files on disk.

Published content changes only when something is issued or approved (or a file withdrawn), so
the public site is written out then, once, and served as files: by the embedded server
(``disclosure.middleware``, WhiteNoise) and by nginx in production. The pages keep answering
with the database stopped.

Layout under ``PUBLIC_ROOT`` (``$ITA_TRACKER_HOME/public``)::

    ita/index.html  ita/data.json  ita/data.csv             the site
    <slug>/ita/index.html  <slug>/ita/feed.atom             one agency
    <slug>/ita/<year> -> .<year>.<token>/                   one agency-year (a symlink)
        index.html  data.json  data.csv
        oit/<code>/index.html  oit/<code>/embed/index.html
        documents/plan.pdf … documents/<code>.pdf …  files/<sha256 prefix>.<ext>

Every file is written beside its final name and renamed onto it; an agency-year is written as a
new directory and switched in by replacing the symlink with ``os.replace`` (atomic), so a reader
sees the old year or the new one, never half of either. Text files get a ``.gz`` twin that both
servers send to clients that accept gzip.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import os
import posixpath
import secrets
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from ita_tracker.agencies.models import Agency
from ita_tracker.disclosure import paths, render, versions
from ita_tracker.disclosure import released as released_content
from ita_tracker.disclosure.models import FormerSlug, Publication
from ita_tracker.disclosure.released import Catalogue, Released, build

logger = logging.getLogger(__name__)

COMPRESSED = (".html", ".json", ".csv", ".atom")


def public_root() -> Path:
    return Path(settings.PUBLIC_ROOT)


# --- writing files atomically -----------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary name and a rename (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    if path.suffix in COMPRESSED:
        gz = path.with_name(path.name + ".gz")
        tmp = gz.with_name(f".{gz.name}.{secrets.token_hex(4)}.tmp")
        tmp.write_bytes(gzip.compress(data, compresslevel=6, mtime=0))
        os.replace(tmp, gz)


def _dump(path: str, data: bytes) -> None:
    """Create ``path`` and write ``data`` into it: one open, one write, no buffering layer, no
    fsync (a year is switched in by a rename; a crash before it leaves only an unused folder)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _put(folder: Path, relative: str, data: bytes, made: set[str] | None = None) -> None:
    """Write a file into a new (not yet visible) folder: no rename needed. ``made``: the
    sub-folders already created (saves a ``mkdir`` per file)."""
    directory = posixpath.dirname(relative)
    if made is None or directory not in made:
        os.makedirs(os.path.join(folder, directory), exist_ok=True)
        if made is not None:
            made.add(directory)
    path = os.path.join(folder, relative)
    _dump(path, data)
    if relative.endswith(COMPRESSED):
        _dump(path + ".gz", gzip.compress(data, compresslevel=6, mtime=0))


def _link(folder: Path, relative: str, storage_name: str, made: set[str] | None = None) -> None:
    """Place a stored private file (issued document, public evidence) into the new folder:
    a hard link when the data directory allows it (no copy), else a copy."""
    directory = posixpath.dirname(relative)
    if made is None or directory not in made:
        os.makedirs(os.path.join(folder, directory), exist_ok=True)
        if made is not None:
            made.add(directory)
    target = os.path.join(folder, relative)
    source = default_storage.path(storage_name)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _swap(link: Path, new_dir: Path) -> None:
    """Point ``link`` at ``new_dir`` atomically; remove what it pointed to before."""
    old: Path | None = None
    if link.is_symlink():
        old = link.parent / os.readlink(link)
    elif link.is_dir():  # a year written by hand or by an older layout: moved aside first
        old = link.with_name(f".{link.name}.old.{secrets.token_hex(4)}")
        os.replace(link, old)
    tmp = link.with_name(f".{link.name}.{secrets.token_hex(4)}.lnk")
    os.symlink(new_dir.name, tmp)
    os.replace(tmp, link)
    if old is not None and old.resolve() != new_dir.resolve():
        shutil.rmtree(old, ignore_errors=True)


def _remove_year(link: Path) -> None:
    if link.is_symlink():
        target = link.parent / os.readlink(link)
        link.unlink()
        shutil.rmtree(target, ignore_errors=True)
    elif link.exists():
        shutil.rmtree(link, ignore_errors=True)


def year_files(content: dict[str, Any]) -> Iterable[tuple[str, bytes]]:
    """Every rendered file of one agency-year, relative to the year's folder."""
    parts = render.fragments(content)
    yield "index.html", render.year_page(content, parts)
    yield "data.json", render.year_json(content)
    yield "data.csv", render.year_csv(content)
    for item in content["oit"]:
        if not item["held"]:
            continue
        for embed, name in ((False, "index.html"), (True, "embed/index.html")):
            page = render.oit_page(content, item["code"], embed=embed, parts=parts)
            assert page is not None
            yield f"oit/{item['code']}/{name}", page


def write_year(slug: str, year: int, content: dict[str, Any], assets: dict[str, str]) -> None:
    ita = public_root() / slug / "ita"
    ita.mkdir(parents=True, exist_ok=True)
    folder = ita / f".{year}.{secrets.token_hex(6)}"
    folder.mkdir()
    made = {""}
    try:
        for relative, data in year_files(content):
            _put(folder, relative, data, made)
        for relative, storage_name in assets.items():
            _link(folder, relative, storage_name, made)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _swap(ita / str(year), folder)


# --- the agency and the site -----------------------------------------------------------------


def _agency_json(agency: Agency) -> dict[str, Any]:
    return {
        "slug": agency.slug,
        "name": agency.name,
        "short_name": agency.short_name,
        "type": agency.type,
        "type_label": str(agency.get_type_display()),
        "province": agency.province,
        "district": agency.district,
        "website": agency.website,
        "url": paths.agency_index(agency.slug),
        "feed": paths.agency_feed(agency.slug),
    }


def agency_files(
    agency: Agency, rows: list[tuple[dict[str, Any], dt.datetime]] | None = None
) -> list[tuple[str, bytes]]:
    """The agency's index page and Atom feed, from its publications (``rows``: their content
    and time, newest year first, when the caller has them already)."""
    if rows is None:
        rows = list(
            Publication.objects.filter(agency=agency)
            .order_by("-fiscal_year")
            .values_list("content", "published_at")
        )
    info = _agency_json(agency)
    years = [render.summary(content, at.isoformat()) for content, at in rows]
    return [
        ("index.html", render.agency_page(info, years)),
        ("feed.atom", render.agency_feed(info, [(c, at.isoformat()) for c, at in rows])),
    ]


def write_agency(
    agency: Agency, rows: list[tuple[dict[str, Any], dt.datetime]] | None = None
) -> None:
    """The agency's index and feed (removed when it publishes nothing any more)."""
    ita = public_root() / agency.slug / "ita"
    if rows is None:
        rows = list(
            Publication.objects.filter(agency=agency)
            .order_by("-fiscal_year")
            .values_list("content", "published_at")
        )
    if not rows:
        for name in ("index.html", "feed.atom"):
            for path in (ita / name, ita / f"{name}.gz"):
                path.unlink(missing_ok=True)
        return
    for name, data in agency_files(agency, rows):
        _write(ita / name, data)


def site_agencies() -> list[dict[str, Any]]:
    """Every agency with a publication, with the addresses of its published years."""
    years: dict[int, list[int]] = {}
    for agency_id, year in (
        Publication.objects.order_by("agency_id", "-fiscal_year")
        .values_list("agency_id", "fiscal_year")
        .iterator(chunk_size=5000)
    ):
        years.setdefault(agency_id, []).append(year)
    agencies = []
    for agency in Agency.objects.filter(pk__in=years).order_by("province", "name"):
        info = _agency_json(agency)
        info["years"] = [
            {
                "fiscal_year": year,
                "url": paths.year_page(agency.slug, year),
                "json": paths.year_json(agency.slug, year),
                "csv": paths.year_csv(agency.slug, year),
            }
            for year in years[agency.pk]
        ]
        agencies.append(info)
    return agencies


def site_csv_chunks() -> Iterable[bytes]:
    """The whole site's CSV: every published agency-year's rows, one header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(render.CSV_COLUMNS)
    yield ("\ufeff" + out.getvalue()).encode("utf-8")
    rows = Publication.objects.order_by("agency__province", "agency__name", "-fiscal_year")
    for content in rows.values_list("content", flat=True).iterator(chunk_size=200):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows(render.csv_rows(content))
        yield out.getvalue().encode("utf-8")


def write_site() -> None:
    """The site index and the whole site's open data (JSON index, CSV of every measure)."""
    site = public_root() / "ita"
    agencies = site_agencies()
    _write(site / "index.html", render.site_page(agencies))
    _write(site / "data.json", render.site_json(agencies, timezone.now().isoformat()))
    site.mkdir(parents=True, exist_ok=True)
    tmp = site / f".data.csv.{secrets.token_hex(4)}.tmp"
    tmp_gz = site / f".data.csv.gz.{secrets.token_hex(4)}.tmp"
    with tmp.open("wb") as raw, gzip.open(tmp_gz, "wb", compresslevel=6) as gz:
        for chunk in site_csv_chunks():
            raw.write(chunk)
            gz.write(chunk)
    os.replace(tmp, site / "data.csv")
    os.replace(tmp_gz, site / "data.csv.gz")


# --- publishing one agency-year -----------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    agency: str
    year: int
    published: bool  # False: nothing released (any earlier publication was withdrawn)
    changed: bool


def _digest(content: dict[str, Any], assets: dict[str, str]) -> str:
    text = json.dumps([content, assets], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish_year(
    agency_id: int,
    be_year: int,
    *,
    catalogue: Catalogue | None = None,
    write_agency_files: bool = True,
    force: bool = False,
) -> Outcome:
    """Publish what is released of one agency-year: the ``Publication`` row (one transaction),
    then its static files, then the agency's index and feed.

    Nothing released (any more): the row and the files go. Idempotent; with ``force`` the
    files are written even when the content did not change (``republish``).
    """
    agency = Agency.objects.get(pk=agency_id)
    released = build(agency, be_year, catalogue)
    ita = public_root() / agency.slug / "ita"
    if released is None:
        deleted, _ = Publication.objects.filter(agency=agency, fiscal_year=be_year).delete()
        versions.forget(agency.slug, be_year)
        _remove_year(ita / str(be_year))
        if write_agency_files:
            write_agency(agency)
        return Outcome(agency.slug, be_year, published=False, changed=bool(deleted))
    changed = _store({(agency.pk, be_year): released})[(agency.pk, be_year)][0]
    versions.forget(agency.slug, be_year)
    if changed or force or not (ita / str(be_year)).exists():
        write_year(agency.slug, be_year, released.content, released.assets)
        if write_agency_files:
            write_agency(agency)
    return Outcome(agency.slug, be_year, published=True, changed=changed)


def _store(
    items: dict[tuple[int, int], Released],
) -> dict[tuple[int, int], tuple[bool, dt.datetime]]:
    """Create or update the ``Publication`` rows of (agency id, year) -> released content, in
    one transaction with the existing rows locked; an unchanged content (same digest) is not
    written again. Returns (changed, published at) per key."""
    now = timezone.now()
    agency_ids = {agency_id for agency_id, _year in items}
    out: dict[tuple[int, int], tuple[bool, dt.datetime]] = {}
    with transaction.atomic():
        existing = {
            (agency_id, year): (pk, digest, at)
            for pk, agency_id, year, digest, at in Publication.objects.select_for_update()
            .filter(agency_id__in=agency_ids, fiscal_year__in={y for _a, y in items})
            .values_list("pk", "agency_id", "fiscal_year", "digest", "published_at")
        }
        new = []
        for key, released in items.items():
            digest = _digest(released.content, released.assets)
            row = existing.get(key)
            if row is None:
                new.append(
                    Publication(
                        agency_id=key[0],
                        fiscal_year=key[1],
                        content=released.content,
                        assets=released.assets,
                        digest=digest,
                        first_published_at=now,
                        published_at=now,
                    )
                )
                out[key] = (True, now)
            elif row[1] != digest:
                Publication.objects.filter(pk=row[0]).update(
                    content=released.content,
                    assets=released.assets,
                    digest=digest,
                    published_at=now,
                )
                out[key] = (True, now)
            else:
                out[key] = (False, row[2])
        Publication.objects.bulk_create(new, batch_size=100)
    return out


def years_of(agency: Agency) -> list[int]:
    """The fiscal years of the agency that have a plan (published or not)."""
    return sorted(agency.plans.values_list("fiscal_year__be_year", flat=True))


def publish_agency(agency_id: int) -> list[Outcome]:
    """Every year of one agency, and its index; the files of its former slugs removed."""
    agency = Agency.objects.get(pk=agency_id)
    outcomes = [
        publish_year(agency.pk, year, write_agency_files=False, force=True)
        for year in years_of(agency)
    ]
    write_agency(agency)
    for former in FormerSlug.objects.filter(agency=agency).values_list("slug", flat=True):
        shutil.rmtree(public_root() / former, ignore_errors=True)
    return outcomes


def republish_batch(agency_ids: list[int], catalogue: Catalogue) -> int:
    """Publish every year of these agencies again, files written whatever changed, with their
    indexes and feeds; returns the agency-years published. The rows are read in bulk (a few
    queries per batch, :func:`released.load`), unchanged publications are not written to the
    database again, and each agency's index is made from the contents in hand."""
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    built: dict[tuple[int, int], Released] = {}
    gone: list[tuple[int, int]] = []
    for key, year_rows in released_content.load(list(agencies)).items():
        released = released_content.build_from(agencies[key[0]], year_rows, catalogue)
        if released is None:
            gone.append(key)
        else:
            built[key] = released
    for agency_id, year in gone:
        Publication.objects.filter(agency_id=agency_id, fiscal_year=year).delete()
        _remove_year(public_root() / agencies[agency_id].slug / "ita" / str(year))
    stored = _store(built) if built else {}
    for agency in agencies.values():
        versions.forget(agency.slug)
    for (agency_id, year), released in built.items():
        write_year(agencies[agency_id].slug, year, released.content, released.assets)
    # Each agency's index and feed lists all its publications: those built now, and any other
    # (a year whose plan is gone) read from the database.
    years: dict[int, list[tuple[int, dict[str, Any], dt.datetime]]] = {pk: [] for pk in agencies}
    for agency_id, year, at in Publication.objects.filter(agency_id__in=agencies).values_list(
        "agency_id", "fiscal_year", "published_at"
    ):
        if (agency_id, year) in built:
            years[agency_id].append(
                (year, built[(agency_id, year)].content, stored[(agency_id, year)][1])
            )
        else:
            content = Publication.objects.get(agency_id=agency_id, fiscal_year=year).content
            years[agency_id].append((year, content, at))
    for agency_id, agency in agencies.items():
        rows = [
            (content, at) for _year, content, at in sorted(years[agency_id], key=lambda r: -r[0])
        ]
        write_agency(agency, rows)
    return len(built)


BATCH = 50  # agencies per batch: about 150 agency-years, some 10 MB of snapshots in memory


def batches(agency_ids: list[int], jobs: int = 1) -> list[list[int]]:
    """``agency_ids`` cut into batches: at most ``BATCH`` agencies each, and at least four
    batches per job when there are fewer agencies (so that every job gets some)."""
    size = max(1, min(BATCH, -(-len(agency_ids) // (4 * jobs)) if jobs > 1 else BATCH))
    return [agency_ids[i : i + size] for i in range(0, len(agency_ids), size)]


def republish_all(
    agency_ids: list[int] | None = None, *, progress: Any = None
) -> tuple[int, int, float]:
    """Rebuild every publication and every file (``ita-tracker republish``) in this process.

    Returns (agency-years published, agencies, seconds). The catalogue is read once.
    """
    started = time.monotonic()
    catalogue = Catalogue.empty()
    ids = agency_ids
    if ids is None:
        ids = list(Agency.objects.order_by("pk").values_list("pk", flat=True))
    published = done = 0
    for batch in batches(ids):
        published += republish_batch(batch, catalogue)
        done += len(batch)
        if progress is not None:
            progress(done, len(ids), published, time.monotonic() - started)
    return published, len(ids), time.monotonic() - started
