"""The UI is Thai first: every string of the project's catalogue has a Thai translation."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "ita_tracker/locale/th/LC_MESSAGES/django.po"
ENTRY = re.compile(r'((?:#[^\n]*\n)*)msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)')


def _text(block: str) -> str:
    return "".join(ast.literal_eval(p) for p in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def test_it_translates_every_string_to_thai():
    entries = ENTRY.findall(PO.read_text(encoding="utf-8"))
    assert len(entries) > 100
    untranslated = [_text(m) for _c, m, s in entries if _text(m) and not _text(s)]
    fuzzy = [_text(m) for c, m, _s in entries if _text(m) and "fuzzy" in c]
    assert untranslated == []
    assert fuzzy == []


def _untranslated(po: Path) -> list[str]:
    entries = ENTRY.findall(po.read_text(encoding="utf-8"))
    return [_text(m) for c, m, s in entries if _text(m) and (not _text(s) or "fuzzy" in c)]


def test_it_has_every_string_of_the_code_in_the_catalogue(tmp_path, monkeypatch):
    """makemessages on a copy of the package finds no string the catalogue lacks (so a new
    template string cannot slip through untranslated just because nobody ran makemessages)."""
    import shutil

    from django.core.management import call_command

    package = PO.parents[3]
    copy = tmp_path / "ita_tracker"
    shutil.copytree(
        package, copy, ignore=shutil.ignore_patterns("data", "static", "__pycache__", "*.mo")
    )
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["th"], no_obsolete=True, verbosity=0)
    assert _untranslated(copy / "locale/th/LC_MESSAGES/django.po") == []
