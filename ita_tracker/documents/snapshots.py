"""Snapshots: exactly what a submitted report or plan contains, frozen at submission (ADR 0006).

A snapshot is plain JSON:

``format``
    ``ita-tracker/snapshot@1``.
``plan``
    the plan file of that moment (:class:`~ita_tracker.planfile.schema.PlanFile` as JSON):
    agency, measures with their texts, units, periods, every round with statuses, notes and
    links, the memos.
``round_index``
    the round the document reports on (index into ``plan.rounds``), ``null`` for the plan.
``entries``
    per measure key (``IIT-1`` …): the live ids it came from (``measure_id``, ``entry_id``), who
    updated it last and when, and its evidence files (``id``, ``name``, ``size``, ``sha256``,
    ``content_type``, ``public``).
``taken_at``
    ISO time.

An analysis report's snapshot (``document``: ``analysis_report``) holds the plan file it is
rendered from: the agency, the plan of the year after the result (or none), the result with
its history, and ``result_analysis`` (the comments per indicator or per tool, the chosen
grouping, and the memo); ``result_year`` is the assessed year, ``round_index`` is ``null``
and ``entries`` empty.

Locked boards, documents, the public site and everything downstream read snapshots, never
the live plan: a measure added or changed after submission never shows in a submitted report.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from ita_tracker.agencies.people import person_label
from ita_tracker.docengine.analysis_context import analysis_report_context
from ita_tracker.docengine.render import document_context
from ita_tracker.planfile.schema import Memo, PlanFile
from ita_tracker.plans.models import Evidence, MeasurePlan, ProgressEntry, ReportingRound
from ita_tracker.plans.planfile.exporter import export_plan

FORMAT = "ita-tracker/snapshot@1"
ANALYSIS = "analysis_report"


def round_index(plan: MeasurePlan, round_: ReportingRound) -> int:
    # The exporter lists rounds in this order; the index points into PlanFile.rounds.
    order = list(plan.rounds.order_by("period_end", "pk").values_list("pk", flat=True))
    return order.index(round_.pk)


def _measure_keys(plan: MeasurePlan) -> dict[int, str]:
    """Live measure id -> the key the exporter gives it (``IIT-1`` …), in exporter order."""
    keys: dict[int, str] = {}
    per_tool: dict[str, int] = {}
    measures = plan.measures.select_related("tool").order_by("tool__order", "order", "pk")
    for measure_id, code in measures.values_list("pk", "tool__code"):
        per_tool[code] = per_tool.get(code, 0) + 1
        keys[measure_id] = f"{code}-{per_tool[code]}"
    return keys


def _who(user: Any, round_: ReportingRound) -> str:
    """The person who last updated, as the agency knows her, in the documents' language."""
    if user is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return person_label(user, round_.plan.agency)


def _entries(round_: ReportingRound, keys: dict[int, str]) -> dict[str, dict[str, Any]]:
    entries = (
        ProgressEntry.objects.filter(round=round_)
        .select_related("updated_by")
        .prefetch_related(Prefetch("files", queryset=Evidence.objects.order_by("uploaded_at")))
    )
    out: dict[str, dict[str, Any]] = {}
    for entry in entries:
        key = keys.get(entry.measure_id)
        if key is None:
            continue
        user = entry.updated_by
        out[key] = {
            "measure_id": entry.measure_id,
            "entry_id": entry.pk,
            "updated_at": entry.updated_at.isoformat() if entry.updated_at else None,
            "updated_by": _who(user, round_),
            "files": [
                {
                    "id": f.pk,
                    "name": f.original_name,
                    "size": f.size,
                    "sha256": f.sha256,
                    "content_type": f.content_type,
                    "public": f.public,
                }
                for f in entry.files.all()
            ],
        }
    return out


def take_snapshot(plan: MeasurePlan, round_: ReportingRound | None = None) -> dict[str, Any]:
    """The snapshot of ``plan`` (and of ``round_``'s report when given), as JSON-able data."""
    planfile = export_plan(plan)
    keys = _measure_keys(plan)
    if round_ is None:
        entries = {key: {"measure_id": pk} for pk, key in keys.items()}
        index = None
    else:
        entries = _entries(round_, keys)
        index = round_index(plan, round_)
    return {
        "format": FORMAT,
        "plan": planfile.model_dump(mode="json", by_alias=True),
        "round_index": index,
        "entries": entries,
        "taken_at": timezone.now().isoformat(),
    }


def take_analysis_snapshot(planfile: PlanFile) -> dict[str, Any]:
    """The snapshot of an analysis report: the plan file it is rendered from, as it is now."""
    analysis = planfile.result_analysis
    assert analysis is not None
    return {
        "format": FORMAT,
        "document": ANALYSIS,
        "plan": planfile.model_dump(mode="json", by_alias=True),
        "round_index": None,
        "result_year": analysis.fiscal_year,
        "entries": {},
        "taken_at": timezone.now().isoformat(),
    }


def is_analysis(snapshot: dict[str, Any]) -> bool:
    return snapshot.get("document") == ANALYSIS


def memo_in(planfile: PlanFile, kind: str, index: int | None) -> Memo | None:
    """The memo of the document of ``kind`` inside a plan file: the analysis report's, the
    plan's (``index`` None) or the round's."""
    if kind == ANALYSIS:
        return planfile.result_analysis.memo if planfile.result_analysis else None
    return planfile.memo if index is None else planfile.rounds[index].memo


def with_memo(planfile: PlanFile, kind: str, index: int | None, memo: Memo) -> PlanFile:
    """The plan file with the memo of the document of ``kind`` replaced by ``memo``."""
    if kind == ANALYSIS:
        assert planfile.result_analysis is not None
        analysis = planfile.result_analysis.model_copy(update={"memo": memo})
        return planfile.model_copy(update={"result_analysis": analysis})
    if index is None:
        return planfile.model_copy(update={"memo": memo})
    rounds = list(planfile.rounds)
    rounds[index] = rounds[index].model_copy(update={"memo": memo})
    return planfile.model_copy(update={"rounds": rounds})


def digest(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, UTF-8)."""
    text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_file_of(snapshot: dict[str, Any]) -> PlanFile:
    """The plan file inside a snapshot, validated again (a stored snapshot is data, too)."""
    return PlanFile.model_validate(snapshot["plan"])


def subject_of(snapshot: dict[str, Any]) -> str:
    """The memo's subject (เรื่อง) as the document prints it: the one written, or the wording
    derived from the data."""
    if is_analysis(snapshot):
        context = analysis_report_context(plan_file_of(snapshot))
    else:
        context = document_context(plan_file_of(snapshot), snapshot["round_index"])
    return str(context["memo"]["subject"])[:500]
