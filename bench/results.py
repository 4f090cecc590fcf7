"""Benchmark the import of the national ITA result list (not a test; prints numbers only).

    .venv/bin/python bench/results.py [--agencies 8300] [--keep DIR]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_12 .venv/bin/python bench/results.py

Builds an installation with ``--agencies`` agencies (a fresh SQLite file in a temporary folder,
or the database of ``DATABASE_URL``, whose agencies named ``bench-…`` are replaced), generates
the national list for FY2567 as CSV and as XLSX — one row per agency with name, province, type,
IIT, EIT, OIT, total, level (written in a mix of the wordings agencies use) and the ten indicator
scores — and times, for each file: reading and checking (dry run), then the real import (all or
nothing, one audit row per agency), then importing the same file again (every row an update).

Target (issue 12; docs/performance.md): 8,300 rows in <= 10 s.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_tracker.settings")

YEAR = 2567
PROVINCES = ("นครศรีธรรมราช", "เชียงใหม่", "ขอนแก่น", "ชลบุรี", "ยะลา", "ลำปาง", "สงขลา")
HEADER = [
    "ลำดับ",
    "ชื่อหน่วยงาน",
    "จังหวัด",
    "ประเภท",
    "IIT",
    "EIT",
    "OIT",
    "คะแนนรวม",
    "ระดับผลการประเมิน",
    *[f"ตัวชี้วัดที่ {n}" for n in range(1, 11)],
]
WORDINGS = {"ผ่านดีเยี่ยม": ["ผ่านดีเยี่ยม", "AA"], "ผ่านดี": ["ผ่านดี", "ผ่านดี"]}


def _rows(names: list[tuple[str, str]]) -> list[list[object]]:
    rng = random.Random(12)  # noqa: S311 - reproducible sample data
    rows: list[list[object]] = []
    for index, (name, province) in enumerate(names, start=1):
        indicators = [Decimal(rng.randint(6000, 10000)) / 100 for _ in range(10)]
        iit = (sum(indicators[:5]) / 5).quantize(Decimal("0.01"))
        eit = (sum(indicators[5:8]) / 3).quantize(Decimal("0.01"))
        oit = ((indicators[8] + indicators[9]) / 2).quantize(Decimal("0.01"))
        total = (iit * Decimal("0.3") + eit * Decimal("0.3") + oit * Decimal("0.4")).quantize(
            Decimal("0.01")
        )
        level = (
            "ผ่านดีเยี่ยม"
            if total >= 95 and min(iit, eit, oit) >= 95
            else "ผ่านดี"
            if total >= 85 and min(iit, eit, oit) >= 85
            else "ผ่าน"
            if total >= 85
            else "ต้องปรับปรุง"
            if total >= 70
            else "ต้องปรับปรุงโดยด่วน"
        )
        level = rng.choice(WORDINGS.get(level, [level]))
        rows.append(
            [index, name, province, "อบต.", iit, eit, oit, f"{total} คะแนน", level, *indicators]
        )
    return rows


def _csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=8300)
    parser.add_argument("--keep", type=Path, help="write the generated files into this folder")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="ita-bench-results-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("ITA_TRACKER_HOME", str(folder))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ita_tracker.agencies.models import Agency
    from ita_tracker.audit.models import AuditEvent
    from ita_tracker.results.importing import import_national_results
    from ita_tracker.results.models import ItaResult

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    ItaResult.objects.filter(agency__slug__startswith="bench-").delete()
    Agency.objects.filter(slug__startswith="bench-", audit_events__isnull=True).delete()
    names = [(f"หน่วยงานทดสอบ {n:05d}", PROVINCES[n % len(PROVINCES)]) for n in range(args.agencies)]
    if not Agency.objects.filter(slug__startswith="bench-").exists():
        Agency.objects.bulk_create(
            [
                Agency(name=name, province=province, slug=f"bench-{n:05d}")
                for n, (name, province) in enumerate(names)
            ],
            batch_size=1000,
        )
    rows = _rows(names)
    files = {"csv": _csv(rows), "xlsx": _xlsx(rows)}
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for ext, data in files.items():
            (args.keep / f"national-{YEAR}.{ext}").write_bytes(data)

    load = os.getloadavg()
    print(f"database: {connection.vendor}; agencies: {args.agencies}; rows: {len(rows)}")
    print(
        f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)"
    )
    for ext, data in files.items():
        ItaResult.objects.filter(agency__slug__startswith="bench-").delete()
        timings = {}
        for label, dry in (
            ("check only", True),
            ("import (new)", False),
            ("import (update)", False),
        ):
            started = time.perf_counter()
            report = import_national_results(
                data=data, filename=f"national.{ext}", acting_user=None, year=YEAR, dry_run=dry
            )
            timings[label] = time.perf_counter() - started
            assert len(report.results) == len(rows), report.line()
        audit = AuditEvent.objects.filter(action="result.imported").count()
        print(
            f"{ext:4s} {len(data) / 1024:7.0f} KB  "
            + "  ".join(f"{k}: {v:5.2f} s" for k, v in timings.items())
            + f"  ({audit} audit rows so far)"
        )
    load = os.getloadavg()
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("target: 8,300 rows in <= 10 s (import)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
