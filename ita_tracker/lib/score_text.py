"""Reading ITA scores the way agencies write them (no Django imports).

Accepted (docs/results-import.md):

- a plain number, with Thai or Arabic digits: ``97.68``, ``๙๗.๖๘``, ``97,68`` (decimal comma);
- with a unit word or sign around it: ``97.68 คะแนน``, ``คะแนน 97.68``, ``97.68%``;
- per-tool weighted points, the way NACC's result sheet adds them up:
  ``IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44`` (see :func:`parse_weighted_points`).

Scores run 0–100 with at most two decimals. Errors carry a Thai and an English message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ita_tracker.lib.thai_digits import to_arabic_digits

TOOLS = ("IIT", "EIT", "OIT")
HUNDREDTH = Decimal("0.01")
# The tolerance when a written total is checked against the sum of its parts: NACC rounds each
# part to two decimals, so the sum may be off by up to 0.01 per part.
SUM_TOLERANCE = Decimal("0.03")

_UNIT_WORDS = re.compile(r"(คะแนน|แต้ม|points?|pts?\.?|score|%|ร้อยละ)", re.IGNORECASE)
_NUMBER = re.compile(r"^[+]?(\d{1,3}(?:[.,]\d+)?|\.\d+)$")
_TOOL_PART = re.compile(
    r"(?P<tool>IIT|EIT|OIT)\s*[:=]?\s*\(?\s*(?P<value>[0-9๐-๙]+(?:[.,][0-9๐-๙]+)?)",
    re.IGNORECASE,
)


class ScoreTextError(ValueError):
    def __init__(self, th: str, en: str) -> None:
        self.th = th
        self.en = en
        super().__init__(f"{th} / {en}")


def _clean(text: str) -> str:
    text = to_arabic_digits(text).replace("\u200b", "").strip()
    return " ".join(text.split())


def _to_decimal(number: str, original: str) -> Decimal:
    # A single comma followed by 1–2 digits is a decimal comma (97,68), as spreadsheets in some
    # locales write it; a thousands separator cannot occur in a 0–100 score.
    number = number.replace(",", ".")
    try:
        value = Decimal(number)
    except InvalidOperation:
        raise ScoreTextError(f"อ่านคะแนนไม่ได้: «{original}»", f"not a score: {original!r}") from None
    return value


def _check(value: Decimal, original: str) -> Decimal:
    if value < 0 or value > 100:
        raise ScoreTextError(
            f"คะแนนต้องอยู่ระหว่าง 0 ถึง 100: «{original}»",
            f"a score must be between 0 and 100: {original!r}",
        )
    if value != value.quantize(HUNDREDTH):
        raise ScoreTextError(
            f"คะแนนมีทศนิยมได้ไม่เกิน 2 ตำแหน่ง: «{original}»",
            f"a score has at most two decimals: {original!r}",
        )
    return value.quantize(HUNDREDTH)


def parse_score(text: object) -> Decimal | None:
    """The score in ``text``, or None for an empty cell (``""``, ``-``, ``–``).

    >>> parse_score("๙๗.๖๘ คะแนน")
    Decimal('97.68')
    """
    if text is None:
        return None
    if isinstance(text, int | float | Decimal) and not isinstance(text, bool):
        value = Decimal(str(text))
        # Spreadsheet cells hold binary floats: 97.68 arrives as 97.68000000000001.
        if isinstance(text, float):
            value = value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
        return _check(value, str(text))
    original = str(text)
    cleaned = _clean(original)
    if cleaned in ("", "-", "–", "—", "n/a", "N/A"):
        return None
    bare = _UNIT_WORDS.sub(" ", cleaned).strip().strip(":").strip()
    if not _NUMBER.match(bare):
        raise ScoreTextError(f"อ่านคะแนนไม่ได้: «{original}»", f"not a score: {original!r}")
    return _check(_to_decimal(bare.lstrip("+"), original), original)


@dataclass(frozen=True)
class WeightedPoints:
    """Per-tool weighted points (IIT 26.53 …) and the tool scores they stand for."""

    points: dict[str, Decimal]
    scores: dict[str, Decimal]
    total: Decimal
    written_total: Decimal | None


def looks_like_weighted_points(text: object) -> bool:
    return isinstance(text, str) and len(_TOOL_PART.findall(to_arabic_digits(text))) >= 2


def points_to_score(points: Decimal, weight: Decimal) -> Decimal:
    """A tool's score (0–100) from its weighted points: 26.53 at weight 0.30 → 88.43."""
    if weight <= 0:
        raise ScoreTextError("น้ำหนักเครื่องมือต้องมากกว่า 0", "a tool weight must be above 0")
    return (points / weight).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def parse_weighted_points(text: str, weights: dict[str, Decimal]) -> WeightedPoints:
    """``IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44`` → points, tool scores, total.

    Each tool's points may not exceed its share (0.30 × 100 = 30 for IIT by default). The total
    is the sum of the points; a written total (after ``=``) must agree within
    :data:`SUM_TOLERANCE`, else the text is refused.
    """
    original = text
    cleaned = _clean(text)
    left, eq, right = cleaned.partition("=")
    points: dict[str, Decimal] = {}
    for match in _TOOL_PART.finditer(left):
        tool = match.group("tool").upper()
        if tool in points:
            raise ScoreTextError(
                f"{tool} ซ้ำในข้อความคะแนน: «{original}»", f"{tool} twice in {original!r}"
            )
        value = _to_decimal(match.group("value"), original)
        share = (weights[tool] * 100).quantize(HUNDREDTH)
        if value < 0 or value > share:
            raise ScoreTextError(
                f"คะแนนถ่วงน้ำหนัก {tool} ต้องอยู่ระหว่าง 0 ถึง {share}: «{original}»",
                f"weighted {tool} points must be between 0 and {share}: {original!r}",
            )
        points[tool] = value.quantize(HUNDREDTH)
    missing = [t for t in TOOLS if t not in points]
    if missing:
        raise ScoreTextError(
            f"ไม่พบคะแนนถ่วงน้ำหนักของ {', '.join(missing)}: «{original}»",
            f"no weighted points for {', '.join(missing)}: {original!r}",
        )
    total = sum(points.values(), Decimal(0)).quantize(HUNDREDTH)
    written = parse_score(right) if eq else None
    if written is not None and abs(written - total) > SUM_TOLERANCE:
        raise ScoreTextError(
            f"ผลรวมคะแนนถ่วงน้ำหนัก {total} ไม่ตรงกับคะแนนรวมที่เขียนไว้ {written}",
            f"the weighted points add up to {total}, not the written total {written}",
        )
    scores = {tool: points_to_score(points[tool], weights[tool]) for tool in TOOLS}
    return WeightedPoints(
        points=points,
        scores=scores,
        total=written if written is not None else total,
        written_total=written,
    )
