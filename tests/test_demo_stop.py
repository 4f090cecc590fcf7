"""Stopping the demo with SIGTERM (kill, a service manager) leaves nothing running: the
background worker and LibreOffice, which runs in a process group of its own, stop with it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.soffice


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_using(home: Path) -> list[str]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            state = (entry / "stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if str(home) in cmdline and state != "Z":
            found.append(f"{entry.name} {cmdline[:120]}")
    return found


@pytest.mark.parametrize("target", ["the demo", "its process group"])
def test_sigterm_stops_the_demo_with_its_worker_and_libreoffice(tmp_path, target):
    """SIGTERM to the demo alone (kill PID) or to its whole group (kill -- -PGID, as a service
    manager does: the worker then gets two signals)."""
    home = tmp_path / "home"
    env = {**os.environ, "ITA_TRACKER_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    log = (tmp_path / "demo.log").open("w")
    demo = subprocess.Popen(
        [sys.executable, "-m", "ita_tracker.cli", "demo", "--port", str(_free_port())],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while "ITA Tracker demo:" not in (tmp_path / "demo.log").read_text():
            assert demo.poll() is None, (tmp_path / "demo.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "the demo did not start"
            time.sleep(1)
        time.sleep(3)  # the worker starts its own LibreOffice
        assert any("unoserver" in p for p in _processes_using(home))
        if target == "the demo":
            demo.send_signal(signal.SIGTERM)
        else:
            os.killpg(demo.pid, signal.SIGTERM)
        demo.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _processes_using(home) and time.monotonic() < deadline:
            time.sleep(1)
        assert _processes_using(home) == []
    finally:
        if demo.poll() is None:
            os.killpg(demo.pid, signal.SIGKILL)
        for line in _processes_using(home):
            os.kill(int(line.split()[0]), signal.SIGKILL)
