"""Text typed or imported by users: control characters refused, with where they are (no Django
imports).

PostgreSQL refuses a NUL byte in any text (SQLite stores it silently), and other control
characters only ever come from pasted binary or hostile input; tab and line breaks are text.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def find_control_character(value: str) -> tuple[str, int] | None:
    """(name, 1-based position) of the first control character, or None."""
    match = _CONTROL.search(value)
    if match is None:
        return None
    name = "NUL" if match.group() == "\0" else f"U+{ord(match.group()):04X}"
    return name, match.start() + 1


def control_character_problem(value: str) -> tuple[str, str] | None:
    """(Thai, English) saying which control character is where, or None when there is none."""
    found = find_control_character(value)
    if found is None:
        return None
    name, position = found
    return (
        f"มีอักขระควบคุม {name} ที่ตัวอักษรที่ {position} (ลบออกหรือพิมพ์ใหม่)",
        f"control character {name} at character {position} (remove it or type the text again)",
    )


def check_text(value: str) -> str:
    """``value``, or ``ValueError("Thai / English")`` when it holds a control character."""
    problem = control_character_problem(value)
    if problem is not None:
        raise ValueError(f"{problem[0]} / {problem[1]}")
    return value
