"""Rating an ITA result by a year's rules (ita-framework.md §3, §11.3). No ORM here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

PASS_MARK = Decimal("85")


@dataclass(frozen=True)
class Rule:
    label: str
    min_total: Decimal
    min_each_tool: Decimal | None = None
    passes: bool = False
    label_en: str = ""


def rate(
    rules: Iterable[Rule], total: Decimal, tools: Mapping[str, Decimal | None] | None = None
) -> Rule | None:
    """The first rule (in the given order) that ``total`` and the tool scores satisfy.

    A rule that needs every tool above a minimum does not hold while a tool score is unknown.
    """
    scores = dict(tools or {})
    for rule in rules:
        if total < rule.min_total:
            continue
        if rule.min_each_tool is not None:
            known = [v for v in scores.values() if v is not None]
            if len(known) < 3 or min(known) < rule.min_each_tool:
                continue
        return rule
    return None


def weighted_total(
    iit: Decimal, eit: Decimal, oit: Decimal, weights: tuple[Decimal, Decimal, Decimal]
) -> Decimal:
    """0.30·IIT + 0.30·EIT + 0.40·OIT (by default), to two decimals."""
    w_iit, w_eit, w_oit = weights
    return (iit * w_iit + eit * w_eit + oit * w_oit).quantize(Decimal("0.01"))
