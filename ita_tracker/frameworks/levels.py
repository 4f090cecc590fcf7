"""Reading a level (ระดับผลการประเมิน) as agencies write it. No ORM here.

The same band is written in many ways: ``AA``, ``ระดับ AA``, ``(ผ่าน) ระดับ AA``,
``A และ ผ่าน``, ``ผ่านดี``, ``สูงมาก`` … and agencies mix the AA–F bands (to 2566) with the
qualitative rating (from 2567). The result keeps the level **as written**; this module says which
label of the assessed year's rules the wording stands for, and whether it agrees with the band
the rules compute. A disagreement is a warning for the coordinator, never a refusal.

Each word found in the text stands for a set of labels (across both schemes); the wording means
the labels every word agrees on. When the computed label is among them, the wording agrees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ita_tracker.lib.thai_digits import to_arabic_digits

_NOT_PASS = frozenset({"B", "C", "D", "E", "F", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"})
_PASS = frozenset({"AA", "A", "ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน"})

# Longest Thai words first: "ผ่านดีเยี่ยม" must not be read as "ผ่าน".
_THAI_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("ต้องปรับปรุงโดยด่วน", frozenset({"ต้องปรับปรุงโดยด่วน", "C", "D", "E", "F"})),
    ("ต้องปรับปรุง", frozenset({"ต้องปรับปรุง", "B", "C"})),
    ("ผ่านดีเยี่ยม", frozenset({"ผ่านดีเยี่ยม", "AA"})),
    ("ดีเยี่ยม", frozenset({"ผ่านดีเยี่ยม", "AA"})),
    ("ผ่านดี", frozenset({"ผ่านดี", "A"})),
    ("ไม่ผ่าน", _NOT_PASS),
    ("ผ่าน", _PASS),
    # The five words of the older ITA scale (สูงมาก … ต่ำมาก), still written by some agencies;
    # read by their place on the scale.
    ("สูงมาก", frozenset({"AA", "ผ่านดีเยี่ยม"})),
    ("สูง", frozenset({"A", "ผ่านดี", "ผ่าน"})),
    ("ปานกลาง", frozenset({"B", "C", "ต้องปรับปรุง"})),
    ("ต่ำมาก", frozenset({"F", "ต้องปรับปรุงโดยด่วน"})),
    ("ต่ำ", frozenset({"D", "E", "ต้องปรับปรุงโดยด่วน"})),
)
_BANDS: dict[str, frozenset[str]] = {
    "AA": frozenset({"AA", "ผ่านดีเยี่ยม"}),
    "A": frozenset({"A", "ผ่านดี", "ผ่าน"}),
    "B": frozenset({"B", "ต้องปรับปรุง"}),
    "C": frozenset({"C", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"}),
    "D": frozenset({"D", "ต้องปรับปรุงโดยด่วน"}),
    "E": frozenset({"E", "ต้องปรับปรุงโดยด่วน"}),
    "F": frozenset({"F", "ต้องปรับปรุงโดยด่วน"}),
}
_ENGLISH: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = tuple(
    (re.compile(rf"\b{words}\b", re.IGNORECASE), labels)
    for words, labels in (
        ("needs urgent improvement", frozenset({"ต้องปรับปรุงโดยด่วน", "C", "D", "E", "F"})),
        ("needs improvement", frozenset({"ต้องปรับปรุง", "B", "C"})),
        ("excellent pass", frozenset({"ผ่านดีเยี่ยม", "AA"})),
        ("good pass", frozenset({"ผ่านดี", "A"})),
        ("not pass(?:ed)?", _NOT_PASS),
        ("fail(?:ed)?", _NOT_PASS),
        ("pass(?:ed)?", _PASS),
    )
)
_BAND_TOKEN = re.compile(r"(?<![A-Za-z])(AA|A|B|C|D|E|F)(?![A-Za-z])", re.IGNORECASE)
_NOISE = re.compile(
    r"อยู่ใน|ระดับผลการประเมิน|ผลการประเมิน|ระดับ|และ|level|rating|[()\[\],:/+\-–.]", re.IGNORECASE
)


@dataclass(frozen=True)
class LevelReading:
    written: str
    label: str  # the label of the year's rules the wording stands for; "" when not recognised
    computed: str  # the label the year's rules give the scores; "" when unknown
    recognised: bool
    agrees: bool  # the wording stands for the computed label (True when either is unknown)


def candidates(written: str) -> frozenset[str] | None:
    """Every label (of any scheme) the wording can stand for; None when no word is known."""
    rest = " ".join(to_arabic_digits(written).split())
    sets: list[frozenset[str]] = []
    for pattern, labels in _ENGLISH:
        if pattern.search(rest):
            sets.append(labels)
            rest = pattern.sub(" ", rest)
    for word, labels in _THAI_WORDS:
        if word in rest:
            sets.append(labels)
            rest = rest.replace(word, " ")
    for token in _BAND_TOKEN.findall(_NOISE.sub(" ", rest)):
        sets.append(_BANDS[token.upper()])
    if not sets:
        return None
    common = sets[0]
    for labels in sets[1:]:
        common = common & labels
    return common


def read_level(written: str, labels: Sequence[str], computed: str | None) -> LevelReading:
    """What ``written`` means under a year whose rule labels are ``labels`` (in rule order).

    ``computed``: the label those rules give the scores (None when the scores are incomplete).
    """
    written = " ".join((written or "").split())
    computed = computed or ""
    if not written:
        return LevelReading(written, "", computed, recognised=False, agrees=True)
    if written in labels:
        return LevelReading(
            written, written, computed, recognised=True, agrees=not computed or written == computed
        )
    found = candidates(written)
    in_year = [label for label in labels if found is not None and label in found]
    if not in_year:
        return LevelReading(written, "", computed, recognised=False, agrees=not computed)
    if computed and computed in in_year:
        return LevelReading(written, computed, computed, recognised=True, agrees=True)
    return LevelReading(written, in_year[0], computed, recognised=True, agrees=not computed)
