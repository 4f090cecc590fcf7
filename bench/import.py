"""Benchmark the Office import: a 200-measure Word report and Excel workbook (and CSV).

    .venv/bin/python bench/import.py [--measures 200] [--runs 5]

Sets up a throw-away SQLite installation in a temporary ITA_TRACKER_HOME (catalogues and the
Tha Phae agency), renders the 200-measure report with the system (DOCX) and exports it (XLSX,
CSV), then times, per file, the median of --runs (after one run not counted) of:
  read   — read_office_file: the file into measures (type check, safe_zip, tables);
  build  — read + units matched + the plan file validated;
  upload — what the web's upload does: read + preview (build, the database checks, the diff);
  import — read + preview + confirm: the plan written (replacing the year's plan) with audit.
Target (issue 13, docs/performance.md): import <= 2 s for the Word and the Excel file.
Prints numbers only; nothing asserts on them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.render import big_plan  # noqa: E402


def _setup(home: str) -> None:
    os.environ["ITA_TRACKER_HOME"] = home
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_tracker.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_frameworks", verbosity=0)


def _median(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """(first run, median of the next ``runs``) in seconds. The text caches are emptied before
    each run: every upload is a new file."""
    from ita_tracker.officefiles import text

    def once() -> float:
        text.key.cache_clear()
        text.clean.cache_clear()
        started = time.perf_counter()
        action()
        return time.perf_counter() - started

    first = once()
    return first, statistics.median(once() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--measures", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    ns = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ita-bench-import-") as home:
        _setup(home)
        from ita_tracker.agencies.models import Agency
        from ita_tracker.docengine.render import render_document
        from ita_tracker.officefiles import read_office_file
        from ita_tracker.officefiles.build import build_plan
        from ita_tracker.officefiles.sheets import write_csv, write_xlsx
        from ita_tracker.plans.planfile.exporter import export_agency
        from ita_tracker.plans.planfile.importer import import_plan
        from ita_tracker.plans.services.office_import import (
            confirm_office_import,
            preview_office_import,
        )

        plan = big_plan(ns.measures)
        import_plan(plan, acting_user=None)  # the agency, its units, and a plan to replace
        agency = Agency.objects.get(slug=plan.agency.slug)
        schema_agency = export_agency(agency)
        year = plan.fiscal_year
        files = {
            "report.docx": render_document(plan, round_index=0, fmt="docx"),
            "plan.xlsx": write_xlsx(plan, round_index=0),
            "plan.csv": write_csv(plan, round_index=0),
        }
        load = os.getloadavg()
        print(
            f"{ns.measures} measures, median of {ns.runs} runs after one not counted "
            f"(load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})"
        )
        print(f"{'file':<12} {'size':>9} {'read':>9} {'build':>9} {'upload':>9} {'import':>9}")
        for name, data in files.items():
            read = read_office_file(name, data)
            assert len(read.measures) == ns.measures, (name, len(read.measures))

            def build(name: str = name, data: bytes = data) -> object:
                return build_plan(
                    read_office_file(name, data), agency=schema_agency, fiscal_year=year
                )

            def upload(name: str = name, data: bytes = data) -> object:
                return preview_office_import(
                    agency=agency, fiscal_year=year, read=read_office_file(name, data)
                )

            def full(name: str = name, data: bytes = data) -> object:
                return confirm_office_import(
                    agency=agency,
                    fiscal_year=year,
                    read=read_office_file(name, data),
                    acting_user=None,
                )

            results = [
                _median(lambda name=name, data=data: read_office_file(name, data), ns.runs),
                _median(build, ns.runs),
                _median(upload, ns.runs),
                _median(full, ns.runs),
            ]
            cells = " ".join(f"{median * 1000:>7.0f}ms" for _, median in results)
            print(f"{name:<12} {len(data) / 1024:>7.0f}kB {cells}")
            print(f"{'  first run':<22} " + " ".join(f"{f * 1000:>7.0f}ms" for f, _ in results))
        load = os.getloadavg()
        print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
