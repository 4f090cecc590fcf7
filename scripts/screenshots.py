"""Retake the user guide's screenshots (docs/screenshots/*.png) from the Tha Phae demo.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 8765]

Sets up the demo in a fresh temporary home (its own SQLite database; your var/ is not
touched), serves it, and photographs the main screens of each role with Playwright on
Debian's Chromium (ITA_CHROMIUM, default /usr/bin/chromium) at desktop size (1366×768) and one
at phone size (390×844). The screens are Thai, the agency's default Thai digits. Run it after a
change to what those screens show, and commit the images with the change.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("ITA_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "ita-demo-2566"  # noqa: S105 - the demo's own accounts (ita_tracker/demo.py)
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def _wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"the demo did not answer on port {port}")


def _addresses(env: dict[str, str]) -> dict[str, str]:
    """Addresses that carry ids (the open round, one of the PR officer's measures), read from
    the demo's database."""
    code = (
        "import django, json; django.setup();"
        "from ita_tracker.plans.models import ReportingRound, ProgressEntry;"
        "r = ReportingRound.objects.filter(plan__agency__slug='thaphae').order_by('-pk').first();"
        "e = ProgressEntry.objects.filter(round=r,"
        " measure__responsibilities__unit__name='งานประชาสัมพันธ์').order_by('pk').first();"
        "print(json.dumps({'round': r.pk, 'entry': e.pk}))"
    )
    out = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    import json

    ids = json.loads(out.strip().splitlines()[-1])
    return {
        "board": f"/a/thaphae/plans/2566/rounds/{ids['round']}/board/",
        "entry": f"/a/thaphae/progress/{ids['entry']}/",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--port", type=int, default=8765)
    ns = parser.parse_args()
    out = Path(ns.out)
    out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="ita-shots-") as home:
        env = {
            **os.environ,
            "ITA_TRACKER_HOME": home,
            "DJANGO_SETTINGS_MODULE": "ita_tracker.settings",
            "TASKS_BACKEND": "immediate",
        }
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "-m", "ita_tracker.cli", "demo", "--no-serve"],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        at = _addresses(env)
        server = subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{ns.port}",
                "--noreload",
                "--insecure",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(ns.port)
            shots = [
                # (file, user or None, address, viewport)
                ("01-login.png", None, "/accounts/login/", DESKTOP),
                ("02-dashboard.png", "coordinator", "/a/thaphae/dashboard/2566/", DESKTOP),
                ("03-plan.png", "coordinator", "/a/thaphae/plans/2566/", DESKTOP),
                ("04-progress-board.png", "coordinator", at["board"], DESKTOP),
                ("05-analysis.png", "coordinator", "/a/thaphae/results/2565/analysis/", DESKTOP),
                ("06-my-measures.png", "officer-pr", "/a/thaphae/my-measures/", DESKTOP),
                ("07-progress-card.png", "officer-pr", at["entry"], DESKTOP),
                ("08-my-measures-phone.png", "officer-pr", "/a/thaphae/my-measures/", PHONE),
                ("09-inbox.png", "head", "/a/thaphae/documents/inbox/", DESKTOP),
                ("10-settings.png", "thaphae-admin", "/a/thaphae/settings/", DESKTOP),
            ]
            base = f"http://127.0.0.1:{ns.port}"
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                for name, user, address, viewport in shots:
                    context = browser.new_context(viewport=viewport, base_url=base)
                    page = context.new_page()
                    if user:
                        page.goto("/accounts/login/")
                        page.get_by_label("ชื่อผู้ใช้").fill(user)
                        page.get_by_label("รหัสผ่าน").fill(PASSWORD)
                        page.get_by_role("button", name="เข้าสู่ระบบ").click()
                        page.wait_for_load_state("load")
                    response = page.goto(address)
                    if response is None or response.status != 200:
                        status = response.status if response else None
                        raise SystemExit(f"{address} as {user}: {status}")
                    page.wait_for_load_state("load")
                    page.screenshot(path=str(out / name))
                    context.close()
                    print(out / name)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
