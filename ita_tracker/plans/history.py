"""A measure's history, from the audit trail: who changed what, when, from what to what.

Values are shown the way the pages show them: statuses by their Thai names, months and dates
in the Buddhist era, lists one item per line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ita_tracker.agencies.models import Agency
from ita_tracker.agencies.people import actor_label
from ita_tracker.audit.labels import action_label
from ita_tracker.audit.models import AuditEvent
from ita_tracker.lib import thai_dates
from ita_tracker.plans.models import Measure, ProgressStatus

FIELDS = {
    "tool": _("tool"),
    "order": _("order"),
    "title": _("measure"),
    "methods": _("method steps"),
    "units": _("responsible units"),
    "responsible_note": _("responsible (other)"),
    "period_start": _("from month"),
    "period_end": _("to month"),
    "follow_up": _("follow-up"),
    "indicators": _("indicators addressed"),
    "status": _("status"),
    "note": _("what was done"),
    "evidence_text": _("evidence note"),
    "urls": _("evidence links"),
}
_MONTH_FIELDS = {"period_start", "period_end"}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class HistoryItem:
    at: dt.datetime
    who: str
    action: str
    context: str = ""
    changes: list[Change] = field(default_factory=list)
    detail: str = ""


def display(name: str, value: Any) -> str:
    """A recorded value as the pages show it."""
    if value in (None, "", []):
        return "–"
    if name == "status":
        try:
            return str(ProgressStatus(value).label)
        except ValueError:
            return str(value)
    if name in _MONTH_FIELDS:
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return thai_dates.format_month(day, long=True, thai_digits=False)
    if name == "methods" and isinstance(value, list):
        return "\n".join(f"{n}. {step}" for n, step in enumerate(value, start=1))
    if isinstance(value, list):
        return "\n".join(str(v) for v in value) if name == "urls" else ", ".join(map(str, value))
    return str(value)


def _who(event: AuditEvent, agency: Agency | None) -> str:
    return actor_label(event, agency)


def _item(
    event: AuditEvent, round_titles: dict[str, str], agency: Agency | None = None
) -> HistoryItem:
    item = HistoryItem(
        at=event.at,
        who=_who(event, agency),
        action=action_label(event.action),
        context=round_titles.get(event.object_id, "")
        if event.object_type == "plans.progressentry"
        else "",
    )
    if event.action in ("evidence.added", "evidence.removed"):
        data = event.after or event.before or {}
        item.detail = str(data.get("file", ""))
        return item
    if event.action == "measure.created":
        return item
    for name, before, after in event.changes():
        if name not in FIELDS:
            continue
        item.changes.append(Change(str(FIELDS[name]), display(name, before), display(name, after)))
    if event.action == "progress.updated" and not item.changes:
        item.detail = str(_("Confirmed without changes"))
    return item


def measure_history(measure: Measure, agency: Agency | None = None) -> list[HistoryItem]:
    """Newest first: changes to the measure and to its progress in every round."""
    entries = measure.entries.select_related("round")
    round_titles = {
        str(e.pk): f"{e.round.title} ({e.round.plan.fiscal_year.be_year})"
        for e in entries.select_related("round__plan__fiscal_year")
    }
    events = (
        AuditEvent.objects.filter(
            Q(object_type="plans.measure", object_id=str(measure.pk))
            | Q(object_type="plans.progressentry", object_id__in=list(round_titles))
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return [_item(event, round_titles, agency) for event in events]
