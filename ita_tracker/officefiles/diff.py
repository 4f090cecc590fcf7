"""What an import would change in the agency's current plan, measure by measure."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ita_tracker.officefiles import text as tx
from ita_tracker.planfile import schema

FIELDS = (
    "title",
    "methods",
    "responsible",
    "responsible_note",
    "period",
    "follow_up",
    "indicators",
)
PROGRESS_FIELDS = ("status", "evidence", "note", "urls")


@dataclass
class Change:
    kind: str  # added, removed, changed, same
    tool: str
    title: str
    fields: list[str] = field(default_factory=list)
    old_title: str = ""
    new_index: int | None = None  # into the new plan's measures


def _progress(plan: schema.PlanFile, round_index: int | None) -> dict[str, schema.Progress]:
    if round_index is None or round_index >= len(plan.rounds):
        return {}
    return plan.rounds[round_index].progress


def diff_plans(
    old: schema.PlanFile | None,
    new: schema.PlanFile,
    *,
    new_round: int | None,
) -> list[Change]:
    """Measures added, removed or changed (and which fields), matched by tool and title (a
    slightly reworded title still matches its old measure)."""
    if old is None:
        return [
            Change("added", m.tool.value, m.title, new_index=i) for i, m in enumerate(new.measures)
        ]
    old_round = None
    if new_round is not None:
        kind = new.rounds[new_round].kind
        old_round = next((i for i, r in enumerate(old.rounds) if r.kind == kind), None)
    old_progress = _progress(old, old_round)
    new_progress = _progress(new, new_round)
    old_keys = old.assign_keys()
    new_keys = new.assign_keys()
    unused = list(range(len(old.measures)))
    changes: list[Change] = []
    for index, measure in enumerate(new.measures):
        same_tool = [i for i in unused if old.measures[i].tool == measure.tool]
        match = next(
            (i for i in same_tool if tx.key(old.measures[i].title) == tx.key(measure.title)), None
        )
        if match is None and same_tool:
            best = max(
                same_tool,
                key=lambda i: difflib.SequenceMatcher(
                    None, tx.key(old.measures[i].title), tx.key(measure.title), autojunk=False
                ).ratio(),
            )
            ratio = difflib.SequenceMatcher(
                None, tx.key(old.measures[best].title), tx.key(measure.title), autojunk=False
            ).ratio()
            if ratio >= 0.8:
                match = best
        if match is None:
            changes.append(Change("added", measure.tool.value, measure.title, new_index=index))
            continue
        unused.remove(match)
        before = old.measures[match]
        fields = [name for name in FIELDS if getattr(before, name) != getattr(measure, name)]
        if new_round is not None:
            was = old_progress.get(old_keys[match]) or schema.Progress()
            now = new_progress.get(new_keys[index]) or schema.Progress()
            fields += [name for name in PROGRESS_FIELDS if getattr(was, name) != getattr(now, name)]
        changes.append(
            Change(
                "changed" if fields else "same",
                measure.tool.value,
                measure.title,
                fields,
                old_title=before.title,
                new_index=index,
            )
        )
    for i in unused:
        changes.append(Change("removed", old.measures[i].tool.value, old.measures[i].title))
    return changes
