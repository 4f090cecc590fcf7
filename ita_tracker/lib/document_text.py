"""Text typed or imported for the memo: invisible characters removed, characters no document
font can draw found (pure; the renderer checks against the fonts themselves as well)."""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that end up in copied and searched text and let LibreOffice break lines
# inside words: zero-width space, non-joiner, joiner, word joiner, BOM, Mongolian vowel
# separator, and the emoji variation selector.
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u180e\ufe0e\ufe0f]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def unprintable(text: str) -> list[str]:
    """Characters (each once, in order) that the documents cannot print whatever the font:
    emoji and other characters outside the Basic Multilingual Plane, private-use and unassigned
    code points, control characters other than tab and line breaks."""
    found: list[str] = []
    for ch in text:
        if ch in "\t\n\r" or ch in found:
            continue
        code = ord(ch)
        if code > 0xFFFF or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            found.append(ch)
    return found


def describe(chars: list[str]) -> str:
    """``«😀» (U+1F600)``, comma-separated."""
    return ", ".join(f"«{ch}» (U+{ord(ch):04X})" for ch in chars)
