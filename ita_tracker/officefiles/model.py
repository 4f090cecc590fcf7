"""What was read from an Office file, before units are matched and a plan file is built.

Plain dataclasses that go to JSON and back: the web preview signs this and the confirmation
builds the plan from it again, so the file is read once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass, field
from typing import Any

from ita_tracker.lib.errors import LocatedProblem, Location

STATUSES = ("not_started", "in_progress", "completed")


@dataclass
class Flag:
    """Something read that a person should look at (highlighted in the preview)."""

    field: str  # title, methods, responsible, period, follow_up, status, evidence …
    th: str
    en: str
    where: Location = dataclasses.field(default_factory=Location)

    def as_dict(self) -> dict[str, Any]:
        return {"field": self.field, "th": self.th, "en": self.en, "where": self.where.as_dict()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        return cls(data["field"], data["th"], data["en"], Location(**data.get("where") or {}))


@dataclass
class RawMeasure:
    tool: str  # IIT, EIT, OIT
    title: str
    number: int | None = None
    methods: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)  # as written, one unit per item
    responsible_note: str = ""  # a column of its own (Excel export); else found by matching
    period: str = ""  # as written, e.g. ต.ค.๖๕ – มี.ค.๖๖
    follow_up: str = ""
    indicators: list[int] = field(default_factory=list)
    carried_over: bool = False
    status: str | None = None  # not_started / in_progress / completed; None: not reported
    evidence: str = ""  # the text under the tick
    note: str = ""  # what was done (results column)
    urls: list[str] = field(default_factory=list)
    where: Location = field(default_factory=Location)
    flags: list[Flag] = field(default_factory=list)

    def flag(self, name: str, th: str, en: str, where: Location | None = None) -> None:
        self.flags.append(Flag(name, th, en, where or self.where))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["where"] = self.where.as_dict()
        data["flags"] = [f.as_dict() for f in self.flags]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RawMeasure:
        data = dict(data)
        data["where"] = Location(**data.get("where") or {})
        data["flags"] = [Flag.from_dict(f) for f in data.get("flags") or []]
        return cls(**data)


@dataclass
class ReadResult:
    """The measures of one file, in the file's order, grouped by tool when built."""

    source: str
    kind: str  # docx, xlsx, csv
    measures: list[RawMeasure] = field(default_factory=list)
    has_status: bool = False  # the file reports statuses (a round)
    round_kind: str = ""  # six_month / twelve_month when the file says so
    round_period: tuple[str, str] | None = None  # BE dates as text, when the file says so
    fiscal_year: int | None = None  # when the file says so
    agency_slug: str = ""  # Excel exports name their agency
    notes: list[LocatedProblem] = field(default_factory=list)  # about the file as a whole

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "kind": self.kind,
            "measures": [m.as_dict() for m in self.measures],
            "has_status": self.has_status,
            "round_kind": self.round_kind,
            "round_period": list(self.round_period) if self.round_period else None,
            "fiscal_year": self.fiscal_year,
            "agency_slug": self.agency_slug,
            "notes": [n.as_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReadResult:
        period = data.get("round_period")
        return cls(
            source=data["source"],
            kind=data["kind"],
            measures=[RawMeasure.from_dict(m) for m in data["measures"]],
            has_status=data["has_status"],
            round_kind=data.get("round_kind", ""),
            round_period=(period[0], period[1]) if period else None,
            fiscal_year=data.get("fiscal_year"),
            agency_slug=data.get("agency_slug", ""),
            notes=[LocatedProblem.from_dict(n) for n in data.get("notes") or []],
        )
