"""``ita-tracker render`` and ``ita-tracker setup-fonts``: documents without a database.

The project's ``ita_tracker/cli.py`` registers these with :func:`add_render_parser` and
:func:`add_setup_fonts_parser`. ``python -m ita_tracker.docengine.cli`` runs them on their own.

Exit codes: 0 done; 2 bad input (plan file, round, template, emblem, output name);
3 LibreOffice missing, hung or failed; 1 fonts cannot be set up.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ita_tracker.docengine import fonts
from ita_tracker.docengine.errors import ConversionError, DocumentError
from ita_tracker.planfile.schema import PlanFile, RoundKind

EXIT_INPUT = 2
EXIT_CONVERSION = 3


def add_render_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "render",
        help="สร้างบันทึกข้อความจากไฟล์แผน / render a memo from a plan file (DOCX or PDF)",
        description=(
            "Render the measures plan (without --round) or a round's progress report of a plan "
            "file as DOCX or PDF. No database needed."
        ),
    )
    parser.add_argument("plan", type=Path, help="plan file (YAML or JSON)")
    parser.add_argument(
        "--round",
        dest="round_",
        metavar="N",
        help="round to report: 1-based number in the plan's rounds, or six_month/twelve_month",
    )
    parser.add_argument(
        "--analysis",
        action="store_true",
        help="the analysis report of the file's result_analysis instead of the plan or a round",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="OUT.docx or OUT.pdf (format by extension)"
    )
    parser.add_argument("--template", type=Path, help="an agency .docx template (linted first)")
    parser.add_argument("--emblem", type=Path, help="the agency emblem (PNG or JPEG)")
    parser.add_argument(
        "--converter",
        choices=("soffice", "unoserver"),
        default="soffice",
        help="PDF converter (default: one soffice run)",
    )
    parser.set_defaults(func=run_render)
    return parser


def add_setup_fonts_parser(subparsers: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "setup-fonts",
        help="สร้างฟอนต์สำหรับ PDF / build the server fonts LibreOffice uses for PDFs",
        description=(
            "Build Laksaman PSK (TH SarabunPSK metrics), its Thai-digit copy and a fonts.conf "
            "under $ITA_TRACKER_HOME/fonts. Idempotent; nothing system-wide is changed."
        ),
    )
    parser.add_argument("--force", action="store_true", help="rebuild even when up to date")
    parser.set_defaults(func=run_setup_fonts)
    return parser


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _round_index(plan: PlanFile, value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        number = int(value)
        if not 1 <= number <= len(plan.rounds):
            raise DocumentError(
                f"ไม่มีรอบรายงานที่ {number} (แผนนี้มี {len(plan.rounds)} รอบ)",
                f"no round {number}: the plan has {len(plan.rounds)}",
            )
        return number - 1
    try:
        kind = RoundKind(value)
    except ValueError:
        raise DocumentError(
            f"--round ต้องเป็นลำดับรอบ หรือ six_month/twelve_month ไม่ใช่ «{value}»",
            f"--round must be a round number or six_month/twelve_month, not {value!r}",
        ) from None
    for index, round_ in enumerate(plan.rounds):
        if round_.kind == kind:
            return index
    raise DocumentError(f"แผนนี้ไม่มีรอบ {value}", f"the plan has no {value} round")


def _read_input(path: Path, what_th: str, what_en: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DocumentError(
            f"เปิด{what_th} {path} ไม่ได้", f"cannot read the {what_en} {path}: {exc.strerror}"
        ) from None


def run_render(args: argparse.Namespace) -> int:
    from ita_tracker.docengine.exporters.pdf import Converter, SofficeConverter, UnoserverConverter
    from ita_tracker.docengine.lint import TemplateRejected, validate_template
    from ita_tracker.docengine.render import (
        Format,
        document_kind,
        render_analysis_report,
        render_document,
    )
    from ita_tracker.planfile.reader import PlanFileError, read_plan_file

    output: Path = args.output
    suffix = output.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        _error(
            f"ชื่อไฟล์ผลลัพธ์ต้องลงท้ายด้วย .docx หรือ .pdf / the output must end in .docx or .pdf: {output}"
        )
        return EXIT_INPUT
    fmt: Format = "pdf" if suffix == ".pdf" else "docx"
    try:
        plan = read_plan_file(args.plan)
    except PlanFileError as exc:
        _error(exc.format())
        return EXIT_INPUT
    converter: Converter | None = None
    try:
        round_index = _round_index(plan, args.round_)
        template = None
        if args.template is not None:
            template = _read_input(args.template, "แม่แบบ", "template")
            validate_template(
                template, "analysis_report" if args.analysis else document_kind(round_index)
            )
        emblem = _read_input(args.emblem, "ไฟล์ตรา", "emblem") if args.emblem else None
        if fmt == "pdf":
            kind = UnoserverConverter if args.converter == "unoserver" else SofficeConverter
            converter = kind()
        if args.analysis:
            data = render_analysis_report(
                plan, fmt=fmt, template=template, converter=converter, emblem=emblem
            )
        else:
            data = render_document(
                plan,
                round_index=round_index,
                fmt=fmt,
                template=template,
                converter=converter,
                emblem=emblem,
            )
    except TemplateRejected as exc:
        _error(f"{exc.message_th}\n{exc.message_en}")
        return EXIT_INPUT
    except ConversionError as exc:
        _error(str(exc))
        return EXIT_CONVERSION
    except DocumentError as exc:
        _error(str(exc))
        return EXIT_INPUT
    finally:
        if converter is not None:
            converter.close()
    _write_atomic(output, data)
    print(f"{output} ({len(data):,} bytes)")
    return 0


def _write_atomic(path: Path, data: bytes) -> None:
    """Nothing half-written: write beside the target, then rename over it."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def run_setup_fonts(args: argparse.Namespace) -> int:
    try:
        setup = fonts.ensure_fonts(force=args.force)
    except fonts.FontSetupError as exc:
        _error(str(exc))
        return 1
    state = "built" if setup.built else "up to date"
    print(f"fonts {state}: {setup.directory}")
    print(f"FONTCONFIG_FILE={setup.fonts_conf}")
    fc_match = shutil.which("fc-match")
    if fc_match:
        for family in (*fonts.SARABUN_NAMES[:1], "TH SarabunPSK:bold", *fonts.DIGITS_NAMES):
            result = subprocess.run(  # noqa: S603 - fixed program, our own arguments
                [fc_match, family],
                env={**os.environ, **setup.env()},
                capture_output=True,
                text=True,
                check=False,
            )
            print(f"  {family} -> {result.stdout.strip()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="ita-tracker")
    subparsers = parser.add_subparsers(dest="command", required=True)
    add_render_parser(subparsers)
    add_setup_fonts_parser(subparsers)
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
