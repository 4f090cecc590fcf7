"""Benchmark the document engine: DOCX and PDF for the seed memo and a 100-measure plan.

    .venv/bin/python bench/render.py [--runs 5] [--skip-unoserver]

Prints, for each document, cold and warm times (warm = median of --runs in one process) of:
the DOCX render; the PDF through the one-shot soffice converter and through unoserver; and,
beside them, a bare LibreOffice conversion of the same DOCX (the soffice command alone, and a
plain unoserver call), so the engine's own cost can be read off. Targets (docs/performance.md):
seed DOCX <= 50 ms warm; seed PDF <= 2x the bare converter's warm time; 100-measure PDF <= 3 s
warm; the first PDF after a process boots (LibreOffice started at boot) <= 1 s over a warm one.
Prints numbers only; nothing asserts on them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
import xmlrpc.client
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ita_tracker.docengine import fonts  # noqa: E402
from ita_tracker.docengine.exporters.pdf import (  # noqa: E402
    SofficeConverter,
    UnoserverConverter,
    find_soffice,
)
from ita_tracker.docengine.render import render_document  # noqa: E402
from ita_tracker.planfile.reader import read_plan_file  # noqa: E402
from ita_tracker.planfile.schema import PlanFile  # noqa: E402

EXAMPLE = REPO / "examples" / "thaphae-2566.yaml"
STATUSES = ("completed", "in_progress", "not_started")


def big_plan(measures: int = 100) -> PlanFile:
    """The seed's measures repeated (with numbered titles) up to ``measures`` measures."""
    seed = read_plan_file(EXAMPLE)
    data = seed.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    base = data["measures"]
    data["measures"], progress = [], {}
    for index in range(measures):
        measure = dict(base[index % len(base)])
        measure["key"] = f"M{index + 1}"
        measure["title"] = f"{measure['title']} (ชุดที่ {index // len(base) + 1})"
        data["measures"].append(measure)
        progress[measure["key"]] = {
            "status": STATUSES[index % 3],
            "evidence": "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน" if index % 3 == 0 else "",
        }
    data["rounds"][0]["progress"] = progress
    return PlanFile.model_validate(data)


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def warm(action: Callable[[], object], runs: int) -> float:
    action()  # not counted: the first call in this process
    return statistics.median(timed(action) for _ in range(runs))


def cold(fmt: str, plan: str, home: str | None = None) -> float:
    """A new Python process: imports + the first render (interpreter start not counted)."""
    code = textwrap.dedent(
        f"""
        import time
        t = time.perf_counter()
        import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ["x"]
        from bench.render import big_plan, EXAMPLE
        from ita_tracker.docengine.render import render_document
        from ita_tracker.planfile.reader import read_plan_file
        plan = big_plan() if {plan!r} == "big" else read_plan_file(EXAMPLE)
        render_document(plan, round_index=0, fmt={fmt!r})
        print(time.perf_counter() - t)
        """
    )
    env = dict(os.environ)
    if home:
        env["ITA_TRACKER_HOME"] = home
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return float(result.stdout.strip().splitlines()[-1])


def first_pdf_after_boot() -> tuple[float, float, float]:
    """A new process booting as a web worker does (start_shared_converter(), as the gunicorn
    hook and ``ita-tracker demo`` call it), then the seed PDF at once and again warm.
    Returns (boot time, first PDF, warm PDF) in seconds."""
    code = textwrap.dedent(
        f"""
        import time, statistics
        import sys; sys.path.insert(0, {str(REPO)!r}); sys.argv = ["x"]
        from bench.render import EXAMPLE
        from ita_tracker.docengine.exporters.pdf import shared_converter, start_shared_converter
        from ita_tracker.docengine.render import render_document
        from ita_tracker.planfile.reader import read_plan_file
        plan = read_plan_file(EXAMPLE)
        t = time.perf_counter(); start_shared_converter(); boot = time.perf_counter() - t
        def pdf():
            t = time.perf_counter()
            render_document(plan, round_index=0, fmt="pdf", converter=shared_converter())
            return time.perf_counter() - t
        first = pdf()
        warm = statistics.median(pdf() for _ in range(3))
        print(boot, first, warm)
        """
    )
    env = {**os.environ, "ITA_PDF_CONVERTER": "unoserver"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    boot, first, warm_s = (float(v) for v in result.stdout.strip().splitlines()[-1].split())
    return boot, first, warm_s


def bare_soffice(docx: bytes, profile: Path) -> Callable[[], object]:
    """The soffice command alone on an already rendered DOCX (own profile, our fonts)."""
    soffice = find_soffice()
    env = {**os.environ, **fonts.ensure_fonts().env()}
    work = Path(tempfile.mkdtemp(prefix="bench-bare-"))
    source = work / "memo.docx"
    source.write_bytes(docx)

    def run() -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(work), str(source)],
            env=env, capture_output=True, check=True,
        )  # fmt: skip

    return run


def bare_unoserver(converter: UnoserverConverter, docx: bytes) -> Callable[[], object]:
    """One XML-RPC convert call to the running unoserver, nothing else."""

    def run() -> None:
        proxy = xmlrpc.client.ServerProxy(f"http://127.0.0.1:{converter._port}", allow_none=True)
        proxy.convert(None, xmlrpc.client.Binary(docx), None, "pdf", None, [], False, None, None)

    return run


def unoconvert_cli(converter: UnoserverConverter, docx: bytes) -> Callable[[], object] | None:
    """The ``unoconvert`` command line client (what thai-documents.md B4 timed), if installed."""
    client = Path(sys.executable).with_name("unoconvert")
    if not client.exists():
        return None
    work = Path(tempfile.mkdtemp(prefix="bench-unoconvert-"))
    source, target = work / "memo.docx", work / "memo.pdf"
    source.write_bytes(docx)

    def run() -> None:
        subprocess.run(
            [str(client), "--host", "127.0.0.1", "--port", str(converter._port), str(source),
             str(target)],
            capture_output=True, check=True,
        )  # fmt: skip

    return run


def pages(pdf: bytes) -> int:
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout
    line = next(raw for raw in out.decode().splitlines() if raw.startswith("Pages:"))
    return int(line.split()[1])


def row(label: str, cold_s: float | None, warm_s: float | None, note: str = "") -> None:
    def fmt(value: float | None) -> str:
        return "-" if value is None else f"{value * 1000:8.0f} ms"

    print(f"  {label:<44} {fmt(cold_s):>11} {fmt(warm_s):>11}  {note}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs per measurement (median)")
    parser.add_argument("--skip-unoserver", action="store_true")
    args = parser.parse_args()

    fonts.ensure_fonts()
    plans = {"seed (10 measures)": ("seed", read_plan_file(EXAMPLE)),
             "100 measures": ("big", big_plan())}  # fmt: skip
    soffice = SofficeConverter()
    unoserver = None if args.skip_unoserver else UnoserverConverter()
    if unoserver is not None:
        print(f"unoserver start: {timed(unoserver.start):.1f} s")
    print(f"{os.cpu_count()} CPUs, runs={args.runs}; times: cold (new process) / warm (median)")
    try:
        for title, (key, plan) in plans.items():
            docx = render_document(plan, round_index=0, fmt="docx")
            pdf = soffice.convert(docx)
            print(f"\n{title}: DOCX {len(docx) // 1024} KB, PDF {pages(pdf)} pages")
            row(
                "DOCX render_document",
                cold("docx", key),
                warm(partial(render_document, plan, round_index=0, fmt="docx"), args.runs),
            )
            with tempfile.TemporaryDirectory() as home:
                row("PDF, soffice, first ever (fonts + profile)", cold("pdf", key, home), None)
            row(
                "PDF render_document, soffice one-shot",
                cold("pdf", key),
                warm(
                    partial(render_document, plan, round_index=0, fmt="pdf", converter=soffice),
                    args.runs,
                ),
            )
            with tempfile.TemporaryDirectory() as profile:
                run = bare_soffice(docx, Path(profile))
                row("  bare: soffice --convert-to pdf", timed(run), warm(run, args.runs))
            if unoserver is not None:
                row(
                    "PDF render_document, unoserver",
                    None,
                    warm(
                        partial(
                            render_document, plan, round_index=0, fmt="pdf", converter=unoserver
                        ),
                        args.runs,
                    ),
                )
                row(
                    "  bare: unoserver XML-RPC convert",
                    None,
                    warm(bare_unoserver(unoserver, docx), args.runs),
                )
                cli = unoconvert_cli(unoserver, docx)
                if cli is not None:
                    row(
                        "  bare: unoconvert CLI (incl. its Python start)",
                        None,
                        warm(cli, args.runs),
                    )
        if unoserver is not None:
            boot, first, warm_s = first_pdf_after_boot()
            print(f"\nwarm start (new process, LibreOffice started at boot): boot {boot:.1f} s")
            row("first seed PDF after boot", first, warm_s, f"+{(first - warm_s) * 1000:.0f} ms")
    finally:
        soffice.close()
        if unoserver is not None:
            unoserver.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
