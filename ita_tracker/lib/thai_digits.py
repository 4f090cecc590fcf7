"""Thai <-> Arabic digits. URLs and e-mail addresses keep their digits (thai-documents.md P4)."""

from __future__ import annotations

import re

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
ARABIC_DIGITS = "0123456789"
_TO_THAI = str.maketrans(ARABIC_DIGITS, THAI_DIGITS)
_TO_ARABIC = str.maketrans(THAI_DIGITS, ARABIC_DIGITS)

# A URL (scheme or www.), or an e-mail address: their digits are identifiers, not numbers.
URL_OR_EMAIL = re.compile(
    r"(?:https?://|ftp://|www\.)[^\s<>\"']+"
    # The local part starts where its run of letters starts (the look-behind): one try per run,
    # not one per character, so a long run of digits is read in linear time.
    r"|(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]++@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}",
    re.IGNORECASE,
)


def _translate_outside_protected(text: str, table: dict[int, int]) -> str:
    out: list[str] = []
    pos = 0
    for match in URL_OR_EMAIL.finditer(text):
        out.append(text[pos : match.start()].translate(table))
        out.append(match.group(0))
        pos = match.end()
    out.append(text[pos:].translate(table))
    return "".join(out)


def to_thai_digits(text: object) -> str:
    """Write every Arabic digit of ``text`` as a Thai digit, except inside URLs and e-mails."""
    return _translate_outside_protected(str(text), _TO_THAI)


def to_arabic_digits(text: object) -> str:
    """Write every Thai digit of ``text`` as an Arabic digit (everywhere: input normalisation)."""
    return str(text).translate(_TO_ARABIC)


def digits(text: object, thai: bool) -> str:
    """``to_thai_digits(text)`` when ``thai`` is true, else ``text`` as it is."""
    return to_thai_digits(text) if thai else str(text)
