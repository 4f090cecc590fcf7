"""The ``ita-tracker`` command: demo, import/export of plan files, serving, Django management."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_tracker.settings")
    import django

    django.setup()


def _manage(args: Sequence[str]) -> int:
    """Run a management command the way ``manage.py`` does (it exits the process on error)."""
    from django.core.management import execute_from_command_line

    _django()
    try:
        execute_from_command_line(["ita-tracker manage", *args])
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _call(name: str, *args: str) -> int:
    """Run a management command in this process; a CommandError becomes its message and code.

    Unlike ``execute_from_command_line`` this leaves database connections open, so callers
    (and tests) can go on using them.
    """
    _django()
    from django.core.management import CommandError, call_command

    try:
        call_command(name, *args)
    except CommandError as exc:
        sys.stderr.write(f"{exc}\n")
        return int(exc.returncode)
    return 0


def cmd_demo(ns: argparse.Namespace) -> int:
    code = _call("migrate", "--noinput", "-v", "0") or _call("load_demo")
    if code or ns.no_serve:
        return code
    from ita_tracker.docengine.exporters.pdf import start_shared_converter

    # LibreOffice starts before the server listens, so the first PDF does not wait for it.
    start_shared_converter()
    print(f"\nITA Tracker demo: http://127.0.0.1:{ns.port}/  (Ctrl+C to stop)\n", flush=True)
    # The background worker issues approved documents; it stops with the demo.
    worker = subprocess.Popen([sys.executable, "-m", "ita_tracker.cli", "worker"])
    # SIGTERM (kill, a service manager) stops the demo as Ctrl+C does: through ``finally``
    # (the worker) and atexit (LibreOffice, which runs in a process group of its own and would
    # be left running otherwise).
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        return _manage(["runserver", f"127.0.0.1:{ns.port}", "--noreload", "--insecure"])
    finally:
        _stop_worker(worker)


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Stop the demo's worker, then any LibreOffice still running on this data directory's
    profiles: the worker's exit does not always close the one it started (in a process group
    of its own), and left alive it would hold the profile the next demo starts on."""
    worker.terminate()
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    from django.conf import settings

    profiles = f"{Path(settings.DATA_DIR) / 'libreoffice'}/"
    own = os.getpgid(0)
    groups = set()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            if profiles in cmdline and "unoserver" in cmdline:
                groups.add(os.getpgid(int(entry.name)))
        except (OSError, ValueError):
            continue
    for group in groups - {own}:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(group, signal.SIGKILL)


def _exit_on_signal(signum: int, _frame: object) -> None:
    # A second SIGTERM (a whole process group signalled, then again) must not cut the clean-up
    # in ``finally`` short: that is what left LibreOffice running.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(128 + signum)


OFFICE_SUFFIXES = (".docx", ".xlsx", ".csv")


def _office_arguments_missing(ns: argparse.Namespace) -> bool:
    """A Word/Excel/CSV import without --agency and --year (said before the database is
    touched)."""
    if ns.path.lower().endswith(OFFICE_SUFFIXES) and (not ns.agency or not ns.year):
        sys.stderr.write(
            "ไฟล์ Word/Excel/CSV ต้องระบุ --agency และ --year / "
            "a Word, Excel or CSV file needs --agency and --year\n"
        )
        return True
    return False


def cmd_import(ns: argparse.Namespace) -> int:
    if _office_arguments_missing(ns):
        return 2
    if ns.path.lower().endswith(OFFICE_SUFFIXES):
        office = [ns.path, "--agency", ns.agency, "--year", str(ns.year)]
        if ns.replace:
            office.append("--replace")
        if ns.force:
            office.append("--force")
        if ns.dry_run:
            office.append("--dry-run")
        return _call("import_office", *office)
    args = [ns.path]
    if ns.replace:
        args.append("--replace")
    if ns.force:
        args.append("--force")
    if ns.dry_run:
        args.append("--dry-run")
    return _call("import_plan", *args)


def cmd_export(ns: argparse.Namespace) -> int:
    args = ["--agency", ns.agency, "--year", str(ns.year), "-o", ns.output]
    if ns.round_ is not None:
        args += ["--round", ns.round_]
    return _call("export_plan", *args)


def cmd_serve(ns: argparse.Namespace) -> int:
    _django()
    os.execvp(  # noqa: S606 - replaces this process with gunicorn on purpose
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ita_tracker.wsgi:application",
            "--bind",
            ns.bind,
            "--workers",
            str(ns.workers),
            "--access-logfile",
            "-",
            # Each worker starts its LibreOffice before taking requests (gunicorn_conf.py).
            "--config",
            "python:ita_tracker.gunicorn_conf",
        ],
    )
    return 0  # pragma: no cover - execvp does not return


def cmd_worker(ns: argparse.Namespace) -> int:
    args = ["run_worker"]
    if ns.batch:
        args.append("--batch")
    return _manage(args)


def cmd_republish(ns: argparse.Namespace) -> int:
    args = ["--jobs", str(ns.jobs), "--verbosity", str(ns.verbosity)]
    if ns.agency:
        args += ["--agency", ns.agency]
    if ns.dry_run:
        args.append("--dry-run")
    return _call("republish", *args)


def cmd_check_links(ns: argparse.Namespace) -> int:
    args = ["--agency", ns.agency, "--year", str(ns.year), "--timeout", str(ns.timeout)]
    args += ["--workers", str(ns.workers)]
    if ns.dry_run:
        args.append("--dry-run")
    return _call("check_links", *args)


def cmd_schema(ns: argparse.Namespace) -> int:
    from ita_tracker.planfile.schema import json_schema_text

    sys.stdout.write(json_schema_text())
    return 0


def cmd_audit_verify(ns: argparse.Namespace) -> int:
    return _call("verify_audit", *(["--agency", ns.agency] if ns.agency else []))


def cmd_manage(ns: argparse.Namespace) -> int:
    return _manage(ns.args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ita-tracker",
        description="ITA Tracker: plan, track, report and publish ITA measures.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="set up the Tha Phae demo and serve it on 127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--no-serve", action="store_true", help="set up only, do not serve")
    demo.set_defaults(func=cmd_demo)

    imp = sub.add_parser(
        "import", help="import a plan file (YAML/JSON) or measures from a .docx/.xlsx/.csv file"
    )
    imp.add_argument("path")
    imp.add_argument("--agency", help="for .docx/.xlsx/.csv: the agency's slug")
    imp.add_argument("--year", type=int, help="for .docx/.xlsx/.csv: the fiscal year (BE)")
    imp.add_argument("--replace", action="store_true", help="replace an existing plan")
    imp.add_argument(
        "--force",
        action="store_true",
        help="with --replace: also when evidence files of measures or rounds the file no "
        "longer has would be deleted",
    )
    imp.add_argument(
        "--dry-run",
        action="store_true",
        help="check only, write nothing (.docx/.xlsx/.csv: print the plan file)",
    )
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser(
        "export", help="export a plan as a plan file, or as an Excel/CSV measures table"
    )
    exp.add_argument("--agency", required=True, help="agency slug, e.g. thaphae")
    exp.add_argument("--year", required=True, type=int, help="fiscal year (BE), e.g. 2566")
    exp.add_argument(
        "-o", "--output", default="-", help="output file (- for stdout): .yaml, .xlsx or .csv"
    )
    exp.add_argument(
        "--round",
        dest="round_",
        metavar="N",
        help=".xlsx/.csv: statuses of round N (1-based or six_month/twelve_month; 0: none)",
    )
    exp.set_defaults(func=cmd_export)

    from ita_tracker.docengine.cli import add_render_parser, add_setup_fonts_parser

    add_render_parser(sub)
    add_setup_fonts_parser(sub)

    rep = sub.add_parser("republish", help="rebuild the public site's static files")
    rep.add_argument("--agency", help="only this agency (slug)")
    rep.add_argument(
        "--jobs",
        "--workers",
        dest="jobs",
        type=int,
        default=1,
        help="worker processes (default 1; the number of CPUs for a full rebuild)",
    )
    rep.add_argument("-v", "--verbosity", type=int, default=1, help="2: print progress")
    rep.add_argument("--dry-run", action="store_true", help="count only, write nothing")
    rep.set_defaults(func=cmd_republish)

    links = sub.add_parser("check-links", help="check a plan's evidence links")
    links.add_argument("--agency", required=True, help="agency slug, e.g. thaphae")
    links.add_argument("--year", required=True, type=int, help="fiscal year (BE), e.g. 2566")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per link")
    links.add_argument("--workers", type=int, default=8, help="links checked at once")
    links.add_argument("--dry-run", action="store_true", help="report only, store nothing")
    links.set_defaults(func=cmd_check_links)

    schema = sub.add_parser("schema", help="print the plan file's JSON Schema")
    schema.set_defaults(func=cmd_schema)

    serve = sub.add_parser("serve", help="run the production server (gunicorn)")
    serve.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
    serve.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", "3")))
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run the background worker (issues approved documents)")
    worker.add_argument("--batch", action="store_true", help="run what is queued, then exit")
    worker.set_defaults(func=cmd_worker)

    audit = sub.add_parser("audit", help="the audit trail")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the audit trail's hash chains (exit 1 when tampered with)"
    )
    verify.add_argument("--agency", help="only this agency (slug)")
    verify.set_defaults(func=cmd_audit_verify)

    manage = sub.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage)
    return parser


# Commands that read or write the database: on a fresh ITA_TRACKER_HOME they first create it.
DATABASE_COMMANDS = frozenset(
    {"import", "export", "republish", "check-links", "worker", "serve", "audit"}
)


def _ensure_database() -> int:
    """0 when the database is ready. A database with no tables at all (a fresh
    ITA_TRACKER_HOME, or a new PostgreSQL database) is created here: its tables and the ITA
    catalogues. One that is only behind (an upgrade) is left alone: migrating is the operator's
    decision, so the command says what to run (exit 2). A database that cannot be reached is
    left to the command: ``serve`` still serves the published public site from its files
    (ADR 0007), whatever else fails on its own."""
    _django()
    from django.db import OperationalError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
    except OperationalError as exc:
        sys.stderr.write(f"ติดต่อฐานข้อมูลไม่ได้ / the database cannot be reached: {str(exc).strip()}\n")
        connection.close()
        return 0
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not pending:
        return 0
    if not executor.loader.applied_migrations:
        sys.stderr.write(
            "ฐานข้อมูลใหม่: กำลังสร้างตารางและโหลดกรอบการประเมิน ITA / "
            "new database: creating its tables and loading the ITA catalogues\n"
        )
        return _call("migrate", "--noinput", "-v", "0") or _call("load_frameworks", "-v", "0")
    sys.stderr.write(
        "ฐานข้อมูลต้องปรับรุ่นก่อน: สั่ง ita-tracker manage migrate / the database needs "
        "upgrading first: run `ita-tracker manage migrate`\n"
    )
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    ns = build_parser().parse_args(argv)
    if ns.command == "import" and _office_arguments_missing(ns):
        return 2
    if ns.command in DATABASE_COMMANDS:
        code = _ensure_database()
        if code:
            return code
    return int(ns.func(ns))


if __name__ == "__main__":
    sys.exit(main())
