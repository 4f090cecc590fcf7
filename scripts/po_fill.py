"""Fill empty msgstr entries of a .po file from a Python mapping (msgid -> translation).

Usage: python scripts/po_fill.py LOCALE.po MAPPING.py  (MAPPING.py defines a dict ``T``).
Prints the msgids still untranslated. A maintenance helper; the app does not import it.
"""

from __future__ import annotations

import ast
import re
import runpy
import sys


def _unquote(block: str) -> str:
    return "".join(ast.literal_eval(part) for part in re.findall(r'"(?:[^"\\]|\\.)*"', block))


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(po_path: str, mapping: dict[str, str]) -> list[str]:
    with open(po_path, encoding="utf-8") as fh:
        text = fh.read()
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        msgid = _unquote(match.group(1))
        current = _unquote(match.group(2))
        if current or not msgid:
            return match.group(0)
        if msgid in mapping:
            return f"msgid {match.group(1)}msgstr {_quote(mapping[msgid])}\n"
        missing.append(msgid)
        return match.group(0)

    text = re.sub(r'msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)', replace, text)
    text = re.sub(r"#, fuzzy\n(?=#|msgid)", "", text)  # translations given here are reviewed
    with open(po_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return missing


if __name__ == "__main__":
    left = fill(sys.argv[1], runpy.run_path(sys.argv[2])["T"])
    for msgid in left:
        print("untranslated:", msgid)
