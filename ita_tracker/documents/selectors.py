"""Reads for the approval pages: the inbox, a document's versions, and locked boards built from
the submitted snapshot (never from the live plan)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ita_tracker.agencies.models import Agency
from ita_tracker.documents.models import (
    LIVE_SUBMISSION_STATES,
    DocumentKind,
    IssuedDocument,
    Submission,
    SubmissionState,
    SubmissionStep,
)
from ita_tracker.frameworks.models import Tool
from ita_tracker.plans.models import MeasurePlan, ReportingRound
from ita_tracker.plans.selectors import Board, BoardRow, ToolProgress


def waiting_for(user: Any, agency: Agency | None = None) -> QuerySet[Submission]:
    """Submissions whose current step ``user`` holds today (the acting official in range)."""
    if not getattr(user, "is_authenticated", False):
        return Submission.objects.none()
    today = timezone.localdate()
    acting_now = (
        Q(steps__acting_holder__isnull=False)
        & ~Q(steps__acting_kind="")
        & (Q(steps__acting_from__isnull=True) | Q(steps__acting_from__lte=today))
        & (Q(steps__acting_to__isnull=True) | Q(steps__acting_to__gte=today))
    )
    mine = (acting_now & Q(steps__acting_holder__user=user)) | (
        ~acting_now & Q(steps__holder__user=user)
    )
    qs = Submission.objects.filter(
        Q(state=SubmissionState.IN_APPROVAL),
        Q(steps__order=F("current_step")),
        mine,
    )
    if agency is not None:
        qs = qs.filter(agency=agency)
    return (
        qs.select_related("agency", "plan__fiscal_year", "round")
        .distinct()
        .order_by("submitted_at", "pk")
    )


def versions_of(submission: Submission) -> list[Submission]:
    """Every version of the same document (same plan, round and kind), newest first."""
    return list(
        Submission.objects.filter(
            plan_id=submission.plan_id, round_id=submission.round_id, kind=submission.kind
        )
        .select_related("issued")
        .order_by("-version")
    )


def analysis_versions(agency: Agency, year: int) -> list[Submission]:
    """Every version of the analysis report of the result of ``year`` (it belongs to the plan
    of ``year + 1``), newest first."""
    return list(
        Submission.objects.filter(
            agency=agency, kind=DocumentKind.ANALYSIS_REPORT, plan__fiscal_year__be_year=year + 1
        )
        .select_related("issued")
        .order_by("-version")
    )


def steps_of(submission: Submission) -> list[SubmissionStep]:
    return list(
        submission.steps.select_related(
            "holder__user", "holder__signatory", "acting_holder__user", "acting_holder__signatory"
        ).order_by("order")
    )


def live_submission(
    plan: MeasurePlan, round_: ReportingRound | None, kind: str
) -> Submission | None:
    """The version that stands for the round's report (or the plan) now: the latest one that
    was not returned or withdrawn."""
    return (
        Submission.objects.filter(
            plan=plan, round=round_, kind=kind, state__in=LIVE_SUBMISSION_STATES
        )
        .order_by("-version")
        .first()
    )


def issued_documents(plan: MeasurePlan, round_: ReportingRound | None = None) -> list[Any]:
    return list(IssuedDocument.objects.filter(plan=plan, round=round_).order_by("-version", "-pk"))


# --- the board of a locked round, from its snapshot -----------------------------------------


@dataclass
class FrozenMeasure:
    pk: int | None  # the live measure it came from (None if gone)
    order: int
    title: str
    responsible_label: str


@dataclass
class FrozenEntry:
    pk: int | None
    status: str
    evidence_text: str
    urls: list[str]
    updated_at: dt.datetime | None
    updated_by_label: str
    file_count: int
    files: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_update(self) -> bool:
        return self.updated_at is not None


def _unit_labels(agency: dict[str, Any]) -> dict[str, str]:
    """Plan-file unit path -> the label the board shows (``สำนักปลัด งานธุรการ``)."""
    labels: dict[str, str] = {}
    for unit in agency.get("units", []):
        short = unit.get("short_name") or unit["name"]
        labels[unit["name"]] = short
        for section in unit.get("sections", []):
            labels[f"{unit['name']}/{section['name']}"] = f"{short} {section['name']}"
    return labels


def frozen_board(submission: Submission) -> Board:
    """The board of the submitted report, exactly as submitted."""
    snapshot = submission.snapshot
    plan = snapshot["plan"]
    index = snapshot["round_index"]
    progress = plan["rounds"][index]["progress"] if index is not None else {}
    meta = snapshot.get("entries", {})
    labels = _unit_labels(plan["agency"])
    groups = [ToolProgress(tool) for tool in Tool.objects.order_by("order")]
    by_code = {g.tool.code: g for g in groups}
    counters: dict[str, int] = {}
    for measure in plan["measures"]:
        code = measure["tool"]
        counters[code] = counters.get(code, 0) + 1
        key = measure.get("key") or f"{code}-{counters[code]}"
        info = meta.get(key, {})
        units = [labels.get(path, path) for path in measure.get("responsible", [])]
        if measure.get("responsible_note"):
            units.append(measure["responsible_note"])
        row_measure = FrozenMeasure(
            pk=info.get("measure_id"),
            order=counters[code],
            title=measure["title"],
            responsible_label=", ".join(units),
        )
        given = progress.get(key)
        entry = None
        if given is not None:
            updated = info.get("updated_at")
            entry = FrozenEntry(
                pk=info.get("entry_id"),
                status=given.get("status", "not_started"),
                evidence_text=given.get("evidence", ""),
                urls=list(given.get("urls", [])),
                updated_at=parse_datetime(updated) if updated else None,
                updated_by_label=info.get("updated_by", ""),
                file_count=len(info.get("files", [])),
                files=list(info.get("files", [])),
            )
        row = BoardRow(row_measure, entry)  # type: ignore[arg-type]
        by_code[code].rows.append(row)
    round_ = submission.round
    assert round_ is not None
    return Board(round_, groups)


def board_for(round_: ReportingRound, access: Any = None) -> tuple[Board, Submission | None]:
    """The round's board: from the snapshot of its submitted report once the round is locked,
    from the live entries while it is open."""
    from ita_tracker.plans import selectors as plan_selectors

    if round_.is_locked:
        submission = live_submission(round_.plan, round_, "progress_report")
        if submission is not None:
            return frozen_board(submission), submission
    return plan_selectors.board(round_, access), None
