"""A wheel built from a clean source tree carries the compiled Thai catalogue (setup.py's
build hook), so an install with plain ``pip install`` shows Thai screens."""

from __future__ import annotations

import gettext
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_it_builds_a_wheel_with_the_compiled_thai_catalogue(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(
        ROOT / "ita_tracker",
        source / "ita_tracker",
        ignore=shutil.ignore_patterns("*.mo", "__pycache__"),
    )
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, source / name)
    assert not list(source.rglob("*.mo"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), "."],
        cwd=source,
        check=True,
    )
    (wheel,) = tmp_path.glob("ita_tracker-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read("ita_tracker/locale/th/LC_MESSAGES/django.mo")
        javascript = archive.read("ita_tracker/locale/th/LC_MESSAGES/djangojs.mo")
    thai = gettext.GNUTranslations(io.BytesIO(data))
    assert thai.gettext("Site administrator") == "ผู้ดูแลระบบ"
    assert thai.gettext("Members") != "Members"
    assert "มาตรการ" in thai.ngettext(
        "%(n)s measure has no update yet.", "%(n)s measures have no update yet.", 2
    )
    # The admin's JavaScript texts (calendar, chooser), and the admin texts Django leaves English.
    assert thai.gettext("Start typing to filter…") == "พิมพ์เพื่อกรองรายการ…"
    admin_js = gettext.GNUTranslations(io.BytesIO(javascript))
    assert admin_js.gettext("Choose all %s") == "เลือก%sทั้งหมด"
    assert admin_js.pgettext("abbrev. month October", "Oct") == "ต.ค."
