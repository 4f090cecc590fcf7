"""``ita-tracker import`` as the very first command on a fresh ITA_TRACKER_HOME creates the
database instead of dying with "no such table" (issue 10, finding 10)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE, ROOT


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # SQLite under home
    env.update(ITA_TRACKER_HOME=str(home), DJANGO_SETTINGS_MODULE="ita_tracker.settings")
    return subprocess.run(
        [sys.executable, "-m", "ita_tracker.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
        timeout=600,
    )


def test_import_on_a_fresh_home_creates_the_database_then_imports(tmp_path: Path) -> None:
    first = _cli(tmp_path, "import", str(EXAMPLE))
    assert first.returncode == 0, first.stderr
    assert "new database" in first.stderr
    assert "imported" in first.stdout
    assert "no such table" not in first.stderr
    again = _cli(tmp_path, "audit", "verify")
    assert again.returncode == 0, again.stderr
    assert "new database" not in again.stderr
