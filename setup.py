"""Build hook: compile the translation catalogues (.po -> .mo) into every build, so that a
wheel installed with plain ``pip install`` shows Thai screens (issue 11). Pure Python: no
gettext tools or extra build dependencies. Metadata lives in pyproject.toml."""

from __future__ import annotations

import ast
import re
import struct
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def _text(lines: list[str]) -> str:
    return "".join(ast.literal_eval(q) for line in lines for q in _QUOTED.findall(line))


def read_po(path: Path) -> dict[str, str]:
    """msgid (with context and plural joined as gettext stores them) -> msgstr; fuzzy and
    untranslated entries are left out, as msgfmt does."""
    catalogue: dict[str, str] = {}
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [ln for ln in block.splitlines() if ln.strip()]
        fuzzy = any(ln.startswith("#,") and "fuzzy" in ln for ln in lines)
        if fuzzy and not any(ln.startswith('msgid ""') for ln in lines[:3]):
            continue
        fields: dict[str, list[str]] = {}
        current = None
        for line in lines:
            if line.startswith("#"):
                continue
            match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(.*)", line)
            if match:
                current = match.group(1)
                fields[current] = [match.group(2)]
            elif current and line.startswith('"'):
                fields[current].append(line)
        if "msgid" not in fields:
            continue
        key = _text(fields["msgid"])
        if "msgid_plural" in fields:
            key += "\0" + _text(fields["msgid_plural"])
            forms = sorted(k for k in fields if k.startswith("msgstr["))
            value = "\0".join(_text(fields[k]) for k in forms)
        else:
            value = _text(fields.get("msgstr", []))
        if "msgctxt" in fields:
            key = _text(fields["msgctxt"]) + "\x04" + key
        if value.replace("\0", "") or key == "":
            catalogue[key] = value
    return catalogue


def write_mo(catalogue: dict[str, str], path: Path) -> None:
    """The GNU .mo format (little-endian, no hash table), as Python's msgfmt.py writes it."""
    keys = sorted(catalogue)
    ids = b""
    strs = b""
    offsets = []
    for key in keys:
        k, v = key.encode("utf-8"), catalogue[key].encode("utf-8")
        offsets.append((len(ids), len(k), len(strs), len(v)))
        ids += k + b"\0"
        strs += v + b"\0"
    count = len(keys)
    key_start = 7 * 4 + 16 * count
    value_start = key_start + len(ids)
    key_table, value_table = [], []
    for id_off, id_len, str_off, str_len in offsets:
        key_table += [id_len, key_start + id_off]
        value_table += [str_len, value_start + str_off]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, count, 7 * 4, 7 * 4 + count * 8, 0, 0)
    body = struct.pack(f"{len(key_table)}i", *key_table) + struct.pack(
        f"{len(value_table)}i", *value_table
    )
    path.write_bytes(header + body + ids + strs)


class BuildPyWithCatalogues(build_py):
    def run(self) -> None:
        super().run()
        for po in Path("ita_tracker/locale").glob("*/LC_MESSAGES/*.po"):
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            write_mo(read_po(po), target)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
