"""One language per screen: the Thai or the English half of a bilingual message.

The document engine, the plan-file reader and the date parser write their errors as
``ไทย / English`` (ADR 0002, 0005): the command line and the logs keep both. Screens show
only the user's language (ADR 0012), so they pass such texts through :func:`pick`. No Django.
"""

from __future__ import annotations

import re
from typing import Any

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_SNIPPET = re.compile(r"«[^»]*»")
_JINJA = re.compile(r"^(?:บรรทัด Jinja|Jinja line) \d+$")


def _split_pairs(text: str) -> tuple[str, str]:
    parts = text.split(" / ")
    if len(parts) == 1:
        return text, text
    thai, english = [parts[0]], []
    for middle in parts[1:-1]:
        # "english of one pair, ไทยของคู่ถัดไป": cut at the last ", " before the Thai begins.
        first_thai = _THAI.search(middle)
        cut = middle.rfind(", ", 0, first_thai.start()) if first_thai else -1
        if cut < 0:
            english.append(middle)
            continue
        english.append(middle[:cut])
        thai.append(middle[cut + 2 :])
    english.append(parts[-1])
    return ", ".join(thai), ", ".join(english)


def pick(text: Any, *, thai: bool) -> str:
    """The Thai (``thai=True``) or the English half of ``text``; ``text`` unchanged when it
    is not bilingual. Quoted snippets («…») are kept whole, in both languages."""
    text = str(text)
    if " / " not in text:
        return text
    snippets: list[str] = []

    def hold(match: re.Match[str]) -> str:
        snippets.append(match.group(0))
        return f"\x00{len(snippets) - 1}\x00"

    held = _SNIPPET.sub(hold, text)
    tail = ""
    trailing = re.search(r"(?:, \x00\d+\x00)+$", held)
    if trailing:
        held, tail = held[: trailing.start()], trailing.group(0)
    if " / " not in held:
        chosen = held
    else:
        th, en = _split_pairs(held)
        chosen = th if thai else en
    chosen += tail
    return re.sub(r"\x00(\d+)\x00", lambda m: snippets[int(m.group(1))], chosen)


def location(text: Any, *, thai: bool) -> str:
    """A template location in one language, without the Jinja source line (engine jargon; the
    part, the table and the paragraph's text say where it is)."""
    chosen = pick(text, thai=thai)
    segments = [s for s in chosen.split(", ") if not _JINJA.match(s.strip())]
    return ", ".join(segments)


def message(error: Any, *, thai: bool) -> str:
    """An error's message in one language: its ``message_th``/``message_en`` when it has them,
    else :func:`pick` of its text."""
    th, en = getattr(error, "message_th", None), getattr(error, "message_en", None)
    if th is not None and en is not None:
        return str(th if thai else en)
    return pick(error, thai=thai)
