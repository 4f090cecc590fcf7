"""Responsible units as written in a file, matched to the agency's units.

Agencies write a unit the way their tables show it: the short name and the section
(``สำนักปลัด งานธุรการ``), the full path, the section alone, with parentheses or stray spaces.
An exact match (spaces and punctuation ignored) is taken; a close one is proposed for the
coordinator to confirm; ``ทุก…`` (every unit) becomes the measure's note; anything else is
proposed as a new unit (a new section when it starts with a known division, or with a
division-like word, กอง/สำนัก/ส่วน, followed by a section, งาน/ฝ่าย, for an agency that has
no units yet).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass
from typing import Any

from ita_tracker.officefiles import text as tx
from ita_tracker.planfile.schema import Agency

FUZZY_MIN = 0.8

# ``สำนักปลัด งานธุรการ``, ``กองคลัง (งานพัสดุ)``: a division word, then a section word.
_DIVISION_THEN_SECTION = re.compile(r"^((?:สำนัก|กอง|ส่วน)\S*)\s+((?:งาน|ฝ่าย).*)$")
# A space between two Thai letters in a unit's name: a line wrapped by hand in a table cell
# (``งาน ประชาสัมพันธ์``); official unit names have none.
_SPACE_IN_NAME = re.compile(r"(?<=[\u0e01-\u0e4e])\s+(?=[\u0e01-\u0e4e])")


@dataclass(frozen=True)
class UnitMatch:
    raw: str
    kind: str  # exact, fuzzy, note, new
    path: str = ""  # exact/fuzzy: an agency unit path; new: the proposed path
    score: float = 1.0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _forms(agency: Agency) -> list[tuple[str, str]]:
    """(comparison key, unit path) for every way a unit may be written."""
    forms: list[tuple[str, str]] = []
    section_names: dict[str, list[str]] = {}
    for unit in agency.units:
        names = [unit.name, *([unit.short_name] if unit.short_name else [])]
        forms.extend((tx.key(name), unit.name) for name in names)
        for section in unit.sections:
            path = f"{unit.name}/{section.name}"
            section_names.setdefault(tx.key(section.name), []).append(path)
            for name in names:
                forms.append((tx.key(f"{name}{section.name}"), path))
                if section.short_name:
                    forms.append((tx.key(f"{name}{section.short_name}"), path))
    for key, paths in section_names.items():
        if len(paths) == 1:  # a section name alone is clear only when no other division has it
            forms.append((key, paths[0]))
    return forms


def is_note(raw: str) -> bool:
    return tx.key(raw).startswith("ทุก")


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _division_prefix(key: str, agency: Agency) -> tuple[int, Any] | None:
    """The division whose name (or short name) the text starts with, and that name's length."""
    best: tuple[int, Any] | None = None
    for unit in agency.units:
        for name in (unit.name, unit.short_name):
            name_key = tx.key(name) if name else ""
            fits = name_key and key.startswith(name_key) and len(key) > len(name_key)
            if fits and (best is None or len(name_key) > best[0]):
                best = (len(name_key), unit)
    return best


def match_unit(raw: str, agency: Agency) -> UnitMatch:
    key = tx.key(raw)
    if is_note(raw):
        return UnitMatch(raw, "note")
    forms = _forms(agency)
    for form, path in forms:
        if form == key:
            return UnitMatch(raw, "exact", path)
    prefix = _division_prefix(key, agency)
    if prefix is not None:
        # The division is right: only its sections are candidates for the rest.
        length, unit = prefix
        rest = key[length:]
        scored = [
            (_ratio(tx.key(name), rest), f"{unit.name}/{section.name}")
            for section in unit.sections
            for name in (section.name, section.short_name)
            if name
        ]
        if scored:
            score, path = max(scored)
            if score >= FUZZY_MIN:
                return UnitMatch(raw, "fuzzy", path, round(score, 2))
        return UnitMatch(raw, "new", _new_path(raw, agency))
    best_score, best_path = 0.0, ""
    for form, path in forms:
        score = _ratio(form, key)
        if score > best_score:
            best_score, best_path = score, path
    if best_score >= FUZZY_MIN:
        return UnitMatch(raw, "fuzzy", best_path, round(best_score, 2))
    return UnitMatch(raw, "new", _new_path(raw, agency))


def _new_path(raw: str, agency: Agency) -> str:
    """A new section under the division the text starts with, or a new division."""
    text = tx.clean(raw.replace("/", " ").replace("(", " ").replace(")", " "))
    text = " ".join(text.split())
    prefix = _division_prefix(tx.key(text), agency)
    if prefix is not None:
        rest = _after_prefix(text, prefix[0])
        if rest:
            return f"{prefix[1].name}/{_name(rest)}"
    split = _DIVISION_THEN_SECTION.match(text)
    if split:
        return f"{_name(split.group(1))}/{_name(split.group(2))}"
    return _name(text)


def _name(text: str) -> str:
    return _SPACE_IN_NAME.sub("", text).strip()


def _after_prefix(text: str, key_length: int) -> str:
    """The part of ``text`` after the characters that make up a key prefix of ``key_length``."""
    seen = 0
    for index, ch in enumerate(text):
        if seen >= key_length:
            return text[index:].strip()
        if tx.key(ch):
            seen += 1
    return ""
