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
    """Fill empty msgstr entries from ``mapping``. A fuzzy entry holds makemessages' guess (the
    translation of some similar msgid): the guess is dropped, never accepted silently — the
    entry takes the mapping's translation, or is left empty and reported."""
    with open(po_path, encoding="utf-8") as fh:
        text = fh.read()
    missing: list[str] = []

    def replace(match: re.Match[str]) -> str:
        flags, msgid_block, msgstr_block = match.group(1) or "", match.group(2), match.group(3)
        msgid = _unquote(msgid_block)
        current = _unquote(msgstr_block)
        fuzzy = "fuzzy" in flags
        if fuzzy:
            rest = [f.strip() for f in flags[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            flags = f"#, {', '.join(rest)}\n" if rest else ""
            current = ""
        if not msgid:
            return match.group(0)
        if current:
            return f"{flags}msgid {msgid_block}msgstr {msgstr_block}"
        if msgid in mapping:
            return f"{flags}msgid {msgid_block}msgstr {_quote(mapping[msgid])}\n"
        missing.append(msgid)
        return f'{flags}msgid {msgid_block}msgstr ""\n'

    text = re.sub(
        r'(#, [^\n]*\n)?(?:#\| [^\n]*\n)*msgid ((?:"[^\n]*"\n)+)msgstr ((?:"[^\n]*"\n)+)',
        replace,
        text,
    )

    def replace_plural(match: re.Match[str]) -> str:
        # Thai has one plural form: each msgstr[n] takes the mapping's entry for the singular.
        flags, msgid_block, plural_block = match.group(1) or "", match.group(2), match.group(3)
        forms = re.findall(r'(msgstr\[\d+\]) ((?:"[^\n]*"\n)+)', match.group(4))
        msgid = _unquote(msgid_block)
        fuzzy = "fuzzy" in flags
        if fuzzy:
            rest = [f.strip() for f in flags[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            flags = f"#, {', '.join(rest)}\n" if rest else ""
        elif all(_unquote(value) for _, value in forms):
            return match.group(0)
        if msgid in mapping:
            values = [_quote(mapping[msgid])] * len(forms)
        else:
            missing.append(msgid)
            values = ['""'] * len(forms)
        filled = "".join(
            f"{name} {value}\n" for (name, _), value in zip(forms, values, strict=True)
        )
        return f"{flags}msgid {msgid_block}msgid_plural {plural_block}{filled}"

    text = re.sub(
        r"(#, [^\n]*\n)?(?:#\| [^\n]*\n)*"
        r'msgid ((?:"[^\n]*"\n)+)msgid_plural ((?:"[^\n]*"\n)+)'
        r'((?:msgstr\[\d+\] (?:"[^\n]*"\n)+)+)',
        replace_plural,
        text,
    )
    with open(po_path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return missing


if __name__ == "__main__":
    left = fill(sys.argv[1], runpy.run_path(sys.argv[2])["T"])
    for msgid in left:
        print("untranslated:", msgid)
