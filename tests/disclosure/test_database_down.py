"""The public site keeps answering with the database stopped: a real server process
(``ita-tracker serve``, gunicorn) whose database cannot be reached serves the published pages,
files and stylesheet; only what was never published needs the database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server_without_database(published_a, public_root: Path, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    dead = _free_port()  # nothing listens there: every connection is refused
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://ita:none@127.0.0.1:{dead}/gone",
        "ITA_TRACKER_HOME": str(tmp_path / "home"),
        "PUBLIC_ROOT": str(public_root),
        "SECRET_KEY": "test-only-not-secret",
        "DEBUG": "0",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ita_tracker.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if process.poll() is not None:
                    raise AssertionError(process.stderr.read().decode()) from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # gunicorn waits for its worker's LibreOffice
            process.kill()
            process.wait(timeout=10)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_it_serves_the_published_site_with_the_database_unreachable(server_without_database):
    base = server_without_database
    status, page = _get(f"{base}/thaphae/ita/2566/")
    assert status == 200
    assert "ประกาศนโยบายไม่รับของขวัญหรือของกำนัลจากการปฏิบัติหน้าที่" in page.decode()
    for path in (
        "/thaphae/ita/",
        "/thaphae/ita/feed.atom",
        "/thaphae/ita/2566/data.json",
        "/thaphae/ita/2566/data.csv",
        "/thaphae/ita/2566/oit/O42/",
        "/thaphae/ita/2566/oit/O43/embed/",
        "/static/css/public.css",
    ):
        assert _get(base + path)[0] == 200, path
    # The database really is gone: what was never published cannot be answered.
    assert _get(f"{base}/thaphae/ita/2567/")[0] == 500
