"""Benchmark the public site at national scale, in one run (not a test; prints numbers only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ita_bench \\
        .venv/bin/python bench/portal.py [--agencies 8300] [--years 3] [--port 8780] [--reuse]

1. Builds a PostgreSQL database: ``--agencies`` agencies × ``--years`` fiscal years, each with
   a plan of 12 measures (the seed's ten and two more), two reporting rounds with a progress
   entry per measure, and the plan and both round reports approved (recorded submissions holding
   their snapshots, as an import records them). ``--reuse`` keeps a database built before.
2. Times publishing one agency-year (the worker's task) and republishing everything
   (``republish --jobs 2``) into a fresh ``PUBLIC_ROOT``.
3. Serves it and measures with wrk (a second process, 32 connections, ``--duration`` s each):
   the dynamic page (gunicorn, no published files), the published page through the embedded
   server (gunicorn + PublishedSiteMiddleware), a static file through WhiteNoise in the same
   server, the published page through nginx (``deploy/nginx.conf``), a plain 16 KB file through
   nginx.

Targets (issue 8; docs/performance.md): published through nginx >= 50,000 req/s, p99 <= 10 ms and
>= 50 % of the 16 KB file's rate; embedded >= 50 % of WhiteNoise's static rate; dynamic >= 600
req/s, p99 <= 80 ms; publishing one agency-year <= 100 ms; republishing 8,300 x 3 <= 10 min.
Uses ports --port .. --port+2 on 127.0.0.1 only; every server it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_tracker.settings")

YEARS = (2566, 2567, 2568)
STATUSES = ("completed", "in_progress", "not_started")


def _django(public_root: Path) -> None:
    os.environ["PUBLIC_ROOT"] = str(public_root)
    import django

    django.setup()


# --- 1. the database ---------------------------------------------------------------------------


def _seed_snapshots() -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """The seed's plan snapshot and round snapshots (from a real import + record), 12 measures."""
    from django.db import transaction

    from ita_tracker.documents.approvals import record_imported
    from ita_tracker.documents.models import Submission
    from ita_tracker.planfile.reader import read_plan_file
    from ita_tracker.plans.planfile.importer import import_plan

    plan_file = read_plan_file(REPO / "examples" / "thaphae-2566.yaml")
    data = plan_file.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    extra = [dict(m, title=m["title"] + " (ต่อเนื่อง)") for m in data["measures"][:2]]
    data["measures"] += extra
    six = dict(data["rounds"][0])
    twelve = dict(
        six, kind="twelve_month", period={"from": "2565-10-01", "to": "2566-09-30"}, memo=None
    )
    data["rounds"] = [six, twelve]
    from ita_tracker.planfile.schema import PlanFile

    plan_file = PlanFile.model_validate(data)
    with transaction.atomic():
        plan = import_plan(plan_file, acting_user=None, source="bench")
        for round_ in plan.rounds.all():
            round_.state = "approved"
            round_.save(update_fields=["state"])
        record_imported(plan, acting_user=None)
        subs = list(Submission.objects.filter(plan=plan).order_by("pk"))
        plan_snap = next(s.snapshot for s in subs if s.round_id is None)
        round_snaps = {s.snapshot["round_index"]: s.snapshot for s in subs if s.round_id}
        transaction.set_rollback(True)  # only the snapshots are kept, as templates
    return plan_snap, round_snaps


def build(agencies: int) -> None:
    """Fill the database (bulk inserts; a few minutes at national scale)."""
    import copy
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from ita_tracker.agencies.models import Agency
    from ita_tracker.documents.models import Submission
    from ita_tracker.frameworks.models import FiscalYear, Tool
    from ita_tracker.plans.models import Measure, MeasurePlan, ProgressEntry, ReportingRound

    started = time.monotonic()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_frameworks", verbosity=0)
    plan_snap, round_snaps = _seed_snapshots()
    tools = {t.code: t for t in Tool.objects.all()}
    years = {fy.be_year: fy for fy in FiscalYear.objects.filter(be_year__in=YEARS)}
    measures_json = plan_snap["plan"]["measures"]
    batch = 200
    for first in range(0, agencies, batch):
        rows = Agency.objects.bulk_create(
            Agency(
                name=f"องค์การบริหารส่วนตำบลทดสอบ {n:05d}",
                slug=f"sao-{n:05d}",
                type="sao",
                province=f"จังหวัดทดสอบ {n % 77:02d}",
                thai_digits=n % 2 == 0,
            )
            for n in range(first, min(first + batch, agencies))
        )
        plans = MeasurePlan.objects.bulk_create(
            MeasurePlan(agency=a, fiscal_year=years[y], state="approved")
            for a in rows
            for y in YEARS
        )
        measures = Measure.objects.bulk_create(
            Measure(
                plan=p,
                tool=tools[m["tool"]],
                order=i + 1,
                title=m["title"],
                methods=m.get("methods", []),
                period_start=dt.date(p.fiscal_year.be_year - 544, 10, 1),
                period_end=dt.date(p.fiscal_year.be_year - 543, 9, 1),
            )
            for p in plans
            for i, m in enumerate(measures_json)
        )
        rounds = ReportingRound.objects.bulk_create(
            ReportingRound(
                plan=p,
                kind=kind,
                period_start=dt.date(p.fiscal_year.be_year - 544, 10, 1),
                period_end=dt.date(p.fiscal_year.be_year - 543, end, 28),
                state="approved",
            )
            for p in plans
            for kind, end in (("six_month", 3), ("twelve_month", 9))
        )
        by_plan: dict[int, list[Any]] = {}
        for m in measures:
            by_plan.setdefault(m.plan_id, []).append(m)
        ProgressEntry.objects.bulk_create(
            ProgressEntry(round=r, measure=m, status=STATUSES[m.order % 3])
            for r in rounds
            for m in by_plan[r.plan_id]
        )
        round_of = {(r.plan_id, r.kind): r for r in rounds}
        subs = []
        for p in plans:
            a = p.agency
            for index, snap in ((None, plan_snap), (0, round_snaps[0]), (1, round_snaps[1])):
                snapshot = copy.deepcopy(snap)
                snapshot["plan"]["agency"].update(slug=a.slug, name=a.name)
                snapshot["plan"]["fiscal_year"] = p.fiscal_year.be_year
                kind = ("six_month", "twelve_month")[index] if index is not None else None
                subs.append(
                    Submission(
                        agency=a,
                        kind="measures_plan" if index is None else "progress_report",
                        plan=p,
                        round=round_of[(p.pk, kind)] if kind else None,
                        version=1,
                        state="recorded",
                        title="bench",
                        snapshot=snapshot,
                        snapshot_sha256="0" * 64,
                        submitted_by_label="import",
                    )
                )
        Submission.objects.bulk_create(subs)
        done = min(first + batch, agencies)
        if done % 1000 == 0 or done == agencies:
            print(f"  built {done} agencies ({time.monotonic() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# --- 2. publishing -----------------------------------------------------------------------------


def load() -> str:
    """The load averages (``uptime``): the machine is shared, every number goes with them."""
    return "load " + ", ".join(f"{x:.1f}" for x in os.getloadavg())


def time_publishing(samples: int = 50) -> dict[str, float]:
    """Publishing one agency-year as the worker's task does (content built, row updated, files
    written and switched in, the old folder removed, the agency's index and feed): wall time,
    this process's CPU time and SQL queries, per agency-year."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ita_tracker.agencies.models import Agency
    from ita_tracker.disclosure import publishing

    ids = list(Agency.objects.order_by("?").values_list("pk", flat=True)[:samples])
    publishing.publish_year(ids[0], 2567, force=True)  # imports and template compilation
    times, cpu, queries = [], [], []
    for agency_id in ids:
        with CaptureQueriesContext(connection) as captured:
            t, c = time.perf_counter(), time.process_time()
            publishing.publish_year(agency_id, 2567, force=True)
            cpu.append((time.process_time() - c) * 1000)
            times.append((time.perf_counter() - t) * 1000)
        queries.append(len(captured.captured_queries))
    times.sort()
    return {
        "median_ms": statistics.median(times),
        "p95_ms": times[int(len(times) * 0.95) - 1],
        "cpu_ms": statistics.median(cpu),
        "queries": statistics.median(queries),
    }


def time_republish(workers: int) -> dict[str, float]:
    """``republish --jobs N`` in a process of its own: wall time, and the CPU time of all its
    processes (user + system, from the kernel's accounting of finished children)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "republish", "--jobs", str(workers), "-v", "2"],
        check=True,
        env=os.environ.copy(),
    )
    wall = time.monotonic() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall_s": wall, "cpu_s": cpu}


# --- 3. serving --------------------------------------------------------------------------------


def _wait(port: int, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing answers on port {port}")


def _gunicorn(
    port: int,
    public_root: Path,
    workers: int,
    threads: int = 4,
    switch_ms: float = 0.0,
    reuse_port: bool = True,
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PUBLIC_ROOT": str(public_root), "LOG_LEVEL": "ERROR"}
    extra: list[str] = []
    if switch_ms:
        # The interpreter's GIL switch interval in each worker (5 ms by default), to compare
        # latency tails: ``--switch-interval``.
        config = public_root.parent / f"gunicorn-switch-{switch_ms}.py"
        config.write_text(
            "import sys\n\n\ndef post_worker_init(worker):\n"
            f"    sys.setswitchinterval({switch_ms / 1000!r})\n"
        )
        extra = ["--config", str(config)]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ita_tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--keep-alive",
            "30",
            # As ita_tracker/gunicorn_conf.py: a listening socket per worker, so that the
            # kernel spreads connections over the workers.
            *(["--reuse-port"] if reuse_port else []),
            *extra,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(port)
    return process


def _nginx(port: int, app_port: int, public_root: Path, plain: Path, work: Path) -> Path:
    """nginx with ``deploy/nginx.conf`` as shipped (its buffered access log included), paths
    pointed at the bench's folders, under a main configuration as deploy/nginx.conf asks."""
    site = (REPO / "deploy" / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port} reuseport;")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = site.replace("/srv/ita-tracker/var/public", str(public_root))
    site = site.replace("/srv/ita-tracker/var/static/", str(REPO / "ita_tracker" / "static") + "/")
    site = site.replace("/var/log/nginx/ita-tracker.access.log", str(work / "access.log"))
    site = site.replace(
        "    location /static/ {",
        f"    location /bench/ {{\n        alias {plain}/;\n    }}\n\n    location /static/ {{",
    )
    (work / "site.conf").write_text(site)
    (work / "nginx.conf").write_text(
        f"""worker_processes 2; pcre_jit on; pid {work}/nginx.pid; error_log {work}/error.log;
events {{ worker_connections 4096; }}
http {{ include /etc/nginx/mime.types;
  client_body_temp_path {work}; proxy_temp_path {work}; fastcgi_temp_path {work};
  uwsgi_temp_path {work}; scgi_temp_path {work};
  include {work}/site.conf; }}
"""
    )
    subprocess.run(["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)], check=True)
    _wait(port)
    return work / "nginx.pid"


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
_TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[int]:
    """A process and its descendants (a server's master and workers)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            found += tree(int(child))
    return found


def cpu_ms(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (from /proc), in ms. Unlike rates
    and latencies on a shared 2-core machine, this does not depend on what else runs."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total * _TICK_MS


GZIP = ("Accept-Encoding: gzip",)


def wrk(
    url: str,
    duration: int,
    connections: int = 32,
    headers: tuple[str, ...] = (),
    server: int | None = None,
) -> dict[str, Any]:
    """One wrk run (2 threads). Requests slower than 10 s count as timeouts, not as nothing.
    With ``server`` (the serving processes' parent pid), also the server's CPU per request."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "--latency"]
    for header in headers:
        command += ["-H", header]
    started_load = load()
    pids = tree(server) if server else []
    cpu_before = cpu_ms(pids)
    running = subprocess.Popen([*command, url], stdout=subprocess.PIPE, text=True)
    time.sleep(duration / 2)
    split = connections_per_process(url)
    out = running.communicate()[0]
    if running.returncode:
        raise subprocess.CalledProcessError(running.returncode, command, out)
    cpu_used = cpu_ms(pids) - cpu_before
    done = re.search(r"(\d+) requests in", out)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", out)
    return {
        "rate": rate,
        "p99_ms": float(p99.group(1)) * _UNITS[p99.group(2)] if p99 else float("nan"),
        "errors": (float(errors.group(1)) if errors else 0.0)
        + (sum(int(x) for x in socket.groups()) if socket else 0),
        "mb_s": float(transfer.group(1))
        * {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}[transfer.group(2)]
        if transfer
        else float("nan"),
        "load": started_load,
        "cpu_us": 1000 * cpu_used / int(done.group(1)) if pids and done else float("nan"),
        "split": split,
    }


def connections_per_process(url: str) -> str:
    """How the kernel spread wrk's connections over the server's processes, mid-run (e.g.
    ``27/5``: gunicorn's workers share one listening socket, and whichever wakes first takes a
    connection, so one worker may hold most of them for the whole run)."""
    port = re.search(r":(\d+)/", url).group(1)  # type: ignore[union-attr]
    out = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
    ).stdout
    counts: dict[str, int] = {}
    for pid in re.findall(r"pid=(\d+)", out):
        counts[pid] = counts.get(pid, 0) + 1
    return "/".join(str(n) for n in sorted(counts.values(), reverse=True)) or "-"


def measure(
    runs: dict[str, tuple[str, tuple[str, ...]]], duration: int, repeat: int, server: int
) -> dict[str, dict[str, Any]]:
    """Each (url, headers) ``repeat`` times, interleaved (A B C A B C …, so that a burst of load
    on the shared machine hits all alike); per name, the run with the median rate."""
    seen: dict[str, list[dict[str, Any]]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, (url, headers) in runs.items():
            seen[name].append(wrk(url, duration, headers=headers, server=server))
    return {name: sorted(r, key=lambda m: m["rate"])[len(r) // 2] for name, r in seen.items()}


def warm(url: str, requests: int = 40) -> None:
    """Sequential requests before a measurement: every server process has the page ready."""
    import urllib.request

    for _ in range(requests):
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our loopback
            response.read()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=8300)
    parser.add_argument("--port", type=int, default=8780)
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--repeat", type=int, default=3, help="wrk runs per measure (median)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn and republish processes")
    parser.add_argument("--reuse", action="store_true", help="keep the database built before")
    parser.add_argument("--no-serve", action="store_true", help="publishing only, no wrk")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument(
        "--switch-interval",
        type=float,
        default=0.0,
        help="the GIL switch interval in ms in gunicorn's workers (default: Python's 5 ms)",
    )
    parser.add_argument(
        "--no-reuse-port",
        action="store_true",
        help="one listening socket shared by gunicorn's workers (gunicorn's default)",
    )
    parser.add_argument(
        "--only-dynamic", action="store_true", help="serve only the dynamic page (with --reuse)"
    )
    ns = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        parser.error("set DATABASE_URL to a PostgreSQL database of its own (it is filled)")
    work = Path(tempfile.mkdtemp(prefix="ita-portal-bench-"))
    public_root, empty_root, plain = work / "public", work / "empty", work / "plain"
    for folder in (public_root, empty_root, plain):
        folder.mkdir()
    (plain / "16k.bin").write_bytes(os.urandom(16 * 1024))
    _django(public_root)
    from ita_tracker.agencies.models import Agency
    from ita_tracker.disclosure.models import Publication

    if not ns.reuse or not Agency.objects.exists():
        print(f"building {ns.agencies} agencies x {len(YEARS)} years ...", flush=True)
        t = time.monotonic()
        build(ns.agencies)
        print(f"built in {time.monotonic() - t:.0f} s", flush=True)
    agencies = Agency.objects.count()
    print(f"database: {agencies} agencies, {Publication.objects.count()} publications before")

    results: dict[str, Any] = {}
    print(f"republishing everything ({load()}) ...", flush=True)
    results["republish_load"] = load()
    results["republish"] = time_republish(ns.workers)
    results["republish_load_after"] = load()
    years = Publication.objects.count()
    results["publish_load"] = load()
    results["publish"] = time_publishing()
    slug = Agency.objects.order_by("pk").values_list("slug", flat=True).first()
    assert slug, "the database holds no agency"
    page = f"/{slug}/ita/2567/"
    size = len((public_root / slug / "ita" / "2567" / "index.html").read_bytes())
    gz_size = len((public_root / slug / "ita" / "2567" / "index.html.gz").read_bytes())

    app, nginx_port = ns.port, ns.port + 1
    pid_file = None
    measured: dict[str, dict[str, Any]] = {}
    try:
        if ns.no_serve:
            raise _Skip
        if ns.only_dynamic:
            raise _Dynamic
        server = _gunicorn(
            app, public_root, ns.workers, ns.threads, ns.switch_interval, not ns.no_reuse_port
        )
        try:
            base = f"http://127.0.0.1:{app}"
            warm(base + page)
            measured.update(
                measure(
                    {
                        "embedded published page": (base + page, ()),
                        "embedded published page, gzip": (base + page, GZIP),
                        "embedded WhiteNoise static": (base + "/static/css/site.css", ()),
                    },
                    ns.duration,
                    ns.repeat,
                    server.pid,
                )
            )
            pid_file = _nginx(nginx_port, app, public_root, plain, work)
            base = f"http://127.0.0.1:{nginx_port}"
            warm(base + page)
            measured.update(
                measure(
                    {
                        "nginx published page": (base + page, ()),
                        "nginx published page, gzip": (base + page, GZIP),
                        "nginx plain 16 KB file": (base + "/bench/16k.bin", ()),
                    },
                    ns.duration,
                    ns.repeat,
                    int(pid_file.read_text()),
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
        raise _Dynamic
    except _Dynamic:
        server = _gunicorn(
            app, empty_root, ns.workers, ns.threads, ns.switch_interval, not ns.no_reuse_port
        )
        try:
            base = f"http://127.0.0.1:{app}"
            warm(base + page)
            measured.update(
                measure({"dynamic page": (base + page, ())}, ns.duration, ns.repeat, server.pid)
            )
        finally:
            server.terminate()
            server.wait(timeout=60)
    except _Skip:
        pass
    finally:
        if pid_file is not None and pid_file.exists():
            os.kill(int(pid_file.read_text()), signal.SIGQUIT)
            time.sleep(0.5)

    scale = 8300 * len(YEARS) / max(years, 1)
    rep, pub = results["republish"], results["publish"]
    print()
    print(
        f"agency-years published: {years}; year page {size / 1024:.0f} KB, "
        f"{gz_size / 1024:.1f} KB gzip"
    )
    print(
        f"publish one agency-year ({results['publish_load']}): median {pub['median_ms']:.0f} ms, "
        f"p95 {pub['p95_ms']:.0f} ms (target <= 100 ms); CPU {pub['cpu_ms']:.1f} ms, "
        f"{pub['queries']:.0f} SQL queries"
    )
    print(
        f"republish all ({results['republish_load']} before, {results['republish_load_after']} "
        f"after): {rep['wall_s']:.0f} s with {ns.workers} processes, CPU {rep['cpu_s']:.0f} s "
        f"= {1000 * rep['cpu_s'] / max(years, 1):.1f} ms per agency-year (PostgreSQL not counted)"
        + (
            f"; x{scale:.1f} for 8,300 x 3: {rep['wall_s'] * scale / 60:.1f} min"
            if scale > 1.01
            else ""
        )
        + " (target <= 10 min)"
    )
    if measured:
        print(
            f"\n{'wrk, 32 connections, median of ' + str(ns.repeat):34} {'req/s':>9} "
            f"{'p99 ms':>8} {'MB/s':>7} {'errors':>7} {'CPU us/req':>10} {'split':>6}  "
            "load at start"
        )
        for name, m in measured.items():
            print(
                f"{name:34} {m['rate']:>9.0f} {m['p99_ms']:>8.2f} {m['mb_s']:>7.1f} "
                f"{m['errors']:>7.0f} {m['cpu_us']:>10.0f} {m['split']:>6}  {m['load']}"
            )
        print(
            "(CPU us/req: the serving processes' user + system CPU per request, gunicorn's "
            "master and workers or nginx's; it does not depend on the machine's load. split: "
            "wrk's 32 connections per server process, mid-run)"
        )
        print(
            f"gunicorn: {ns.workers} workers x {ns.threads} threads, GIL switch interval "
            f"{ns.switch_interval or 5} ms, "
            + ("one shared socket" if ns.no_reuse_port else "a socket per worker (reuse_port)")
        )
    if "nginx published page" in measured:
        ng, ngz = measured["nginx published page"], measured["nginx published page, gzip"]
        plain_rate = measured["nginx plain 16 KB file"]["rate"]
        emb = measured["embedded published page"]
        wn = measured["embedded WhiteNoise static"]["rate"]
        wn_cpu = measured["embedded WhiteNoise static"]["cpu_us"]
        print(
            f"server CPU per request: embedded page {emb['cpu_us']:.0f} us (gzip "
            f"{measured['embedded published page, gzip']['cpu_us']:.0f} us) vs WhiteNoise static "
            f"{wn_cpu:.0f} us: the page can be served at {100 * wn_cpu / emb['cpu_us']:.0f} % of "
            "the static file's rate by CPU"
        )
        print(
            f"\nnginx page / plain file: {100 * ng['rate'] / plain_rate:.0f} % identity, "
            f"{100 * ngz['rate'] / plain_rate:.0f} % gzip (target >= 50 %); "
            f"embedded page / WhiteNoise static: {100 * emb['rate'] / wn:.0f} % (target >= 50 %)"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 0


class _Skip(Exception):
    pass


class _Dynamic(Exception):
    """Go on to the dynamic page (after the published ones, or alone)."""


if __name__ == "__main__":
    sys.exit(main())
