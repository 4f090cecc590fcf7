"""Released content: what the public may see of one agency's fiscal year, as plain JSON.

Built only from what the approval chain released:

- the measures: the snapshot of the plan's latest *issued* or *recorded* submission (O42);
- each round's progress: the snapshot of its latest issued or recorded report (O43), with the
  evidence files that were marked public in that snapshot *and* are still public now (an
  officer can withdraw a file from publication at any time, never add one to an approved
  report);
- the issued documents (every version, PDF and DOCX, with their SHA-256);
- last year's result as the approved plan states it, and the year's OIT catalogue.

Drafts, reports in approval, returned or withdrawn versions, internal files and the live plan
are never read. The result (:class:`Released`) is what ``Publication.content`` stores, what the
JSON open data publishes as it is, and what every public page is rendered from; the format is
documented in ``docs/open-data.md``.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ita_tracker.agencies.models import Agency
from ita_tracker.disclosure import paths
from ita_tracker.docengine.context import STATUS_LABELS
from ita_tracker.documents.models import (
    DocumentKind,
    IssuedDocument,
    Submission,
    SubmissionState,
)
from ita_tracker.frameworks.models import Indicator, OitItem, Tool
from ita_tracker.lib import thai_dates
from ita_tracker.lib.thai_digits import digits
from ita_tracker.planfile.schema import Status
from ita_tracker.plans.models import Evidence, MeasurePlan, ReportingRound

FORMAT = "ita-tracker/public-year@1"
RELEASED_STATES = (SubmissionState.ISSUED, SubmissionState.RECORDED)
ROUND_TITLES = {"six_month": "รอบ ๖ เดือน", "twelve_month": "รอบ ๑๒ เดือน"}
KIND_TITLES = {
    DocumentKind.MEASURES_PLAN: "บันทึกเสนอมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    DocumentKind.PROGRESS_REPORT: "บันทึกรายงานผลการดำเนินการตามมาตรการ",
    DocumentKind.ANALYSIS_REPORT: "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส",
}
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.ms-powerpoint": ".ppt",
}


@dataclass
class Released:
    """The public content of one agency-year, and the private files it publishes."""

    content: dict[str, Any]
    # public path below the year (``files/ab12….pdf``) -> private storage name
    assets: dict[str, str] = field(default_factory=dict)


SHARED_SECONDS = 60
_shared: tuple[float, Catalogue] | None = None


@dataclass
class Catalogue:
    """Reference data the builder needs, read once per year (the republish loop shares it)."""

    tools: dict[str, str]
    indicators: dict[int, dict[int, tuple[str, str]]]  # year -> number -> (name, tool)
    oit_items: dict[int, list[dict[str, Any]]]

    @classmethod
    def empty(cls) -> Catalogue:
        return cls(tools={}, indicators={}, oit_items={})

    @classmethod
    def shared(cls) -> Catalogue:
        """This process's catalogue, read again after ``SHARED_SECONDS``: the worker publishes
        year after year, and the catalogue changes only when ``load_frameworks`` runs (saves
        four queries per publication)."""
        global _shared
        now = time.monotonic()
        if _shared is None or _shared[0] < now:
            _shared = (now + SHARED_SECONDS, cls.empty())
        return _shared[1]

    def tool_names(self) -> dict[str, str]:
        if not self.tools:
            self.tools = dict(Tool.objects.order_by("order").values_list("code", "name_th"))
        return self.tools

    def indicators_of(self, year: int) -> dict[int, tuple[str, str]]:
        if year not in self.indicators:
            found = {
                number: (name, tool)
                for number, name, tool in Indicator.objects.filter(
                    fiscal_year__be_year=year
                ).values_list("number", "name_th", "tool__code")
            }
            if not found:
                return found  # not loaded (yet): asked again next time
            self.indicators[year] = found
        return self.indicators[year]

    def oit_of(self, year: int) -> list[dict[str, Any]]:
        if year not in self.oit_items:
            found = [
                dict(row)
                for row in OitItem.objects.filter(fiscal_year__be_year=year)
                .order_by("order", "code")
                .values(
                    "code",
                    "title_th",
                    "indicator__number",
                    "sub_indicator",
                    "is_measures_item",
                    "is_progress_item",
                )
            ]
            if not found:
                return found  # not loaded (yet): asked again next time
            self.oit_items[year] = found
        return self.oit_items[year]


# --- small readers of snapshot values --------------------------------------------------------


def _month(value: str) -> dt.date:
    return thai_dates.parse_month(value)


def _day(value: str) -> dt.date:
    return thai_dates.parse_date(value)


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment is not None else None


def _date_label(day: dt.date | None, thai: bool) -> str:
    return thai_dates.format_date(day, thai_digits=thai) if day else ""


def _unit_labels(agency: dict[str, Any]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for unit in agency.get("units", []):
        short = unit.get("short_name") or unit["name"]
        labels[unit["name"]] = short
        for section in unit.get("sections", []):
            labels[f"{unit['name']}/{section['name']}"] = f"{short} {section['name']}"
    return labels


def _measures(plan: dict[str, Any]) -> list[tuple[str, int, dict[str, Any]]]:
    """(key, number within its tool, measure) in plan order; keys as the snapshot gives them."""
    counters: dict[str, int] = defaultdict(int)
    out = []
    for measure in plan["measures"]:
        code = measure["tool"]
        counters[code] += 1
        out.append((measure.get("key") or f"{code}-{counters[code]}", counters[code], measure))
    return out


def _responsible(measure: dict[str, Any], labels: dict[str, str]) -> str:
    parts = [labels.get(path, path) for path in measure.get("responsible", [])]
    if measure.get("responsible_note"):
        parts.append(measure["responsible_note"])
    return ", ".join(parts)


def _period(period: dict[str, str], thai: bool, *, months: bool) -> dict[str, str]:
    if months:
        start, end = _month(period["from"]), _month(period["to"])
        label = thai_dates.format_month_range(start, end, thai_digits=thai)
    else:
        start, end = _day(period["from"]), _day(period["to"])
        label = thai_dates.format_date_range(start, end, thai_digits=thai)
    return {"from": period["from"], "to": period["to"], "label": label}


def _approvals(memo: dict[str, Any] | None, thai: bool) -> list[dict[str, str]]:
    if not memo:
        return []
    return [
        {
            "heading": a.get("heading", ""),
            "name": a.get("name", ""),
            "position": a.get("position", ""),
            "acting": a.get("acting", ""),
            "comment": a.get("comment", ""),
            "date": a.get("signed_on") or "",
            "date_label": _date_label(_day(a["signed_on"]), thai) if a.get("signed_on") else "",
        }
        for a in memo.get("approvals", [])
    ]


def _score(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01")))


# --- the builder --------------------------------------------------------------------------------


@dataclass
class YearRows:
    """The rows one agency-year's released content is built from. :func:`load` reads them for
    many agency-years at once (``republish``: five queries per batch of agencies, not five per
    agency-year)."""

    plan: MeasurePlan
    submissions: list[Submission] = field(default_factory=list)  # released, by version
    round_ids: list[int] = field(default_factory=list)  # in reporting order
    documents: list[IssuedDocument] = field(default_factory=list)  # newest version first
    public_files: dict[int, tuple[str, str]] = field(default_factory=dict)  # id -> sha, name


def load(agency_ids: list[int], be_year: int | None = None) -> dict[tuple[int, int], YearRows]:
    """The rows of every plan of ``agency_ids`` (of fiscal year ``be_year`` only, if given),
    keyed by (agency id, fiscal year), in five queries whatever their number."""
    plans = MeasurePlan.objects.filter(agency_id__in=agency_ids).select_related("fiscal_year")
    if be_year is not None:
        plans = plans.filter(fiscal_year__be_year=be_year)
    by_plan = {plan.pk: YearRows(plan=plan) for plan in plans}
    if not by_plan:
        return {}
    for sub in (
        Submission.objects.filter(plan_id__in=by_plan, state__in=RELEASED_STATES)
        .select_related("issued")
        .order_by("version", "pk")
    ):
        by_plan[sub.plan_id].submissions.append(sub)
    for plan_id, round_id in (
        ReportingRound.objects.filter(plan_id__in=by_plan)
        .order_by("period_end", "pk")
        .values_list("plan_id", "pk")
    ):
        by_plan[plan_id].round_ids.append(round_id)
    for doc in IssuedDocument.objects.filter(plan_id__in=by_plan).order_by("-version", "-pk"):
        by_plan[doc.plan_id].documents.append(doc)
    wanted: dict[int, list[YearRows]] = defaultdict(list)
    for rows in by_plan.values():
        for sub in rows.submissions:
            if sub.kind != DocumentKind.PROGRESS_REPORT:
                continue
            for entry in sub.snapshot.get("entries", {}).values():
                for f in entry.get("files", []):
                    if f.get("public"):
                        wanted[f["id"]].append(rows)
    if wanted:
        for pk, sha, name in Evidence.objects.filter(pk__in=wanted, public=True).values_list(
            "pk", "sha256", "file"
        ):
            for rows in wanted[pk]:
                rows.public_files[pk] = (sha, name)
    return {(rows.plan.agency_id, rows.plan.fiscal_year.be_year): rows for rows in by_plan.values()}


class _Builder:
    def __init__(self, agency: Agency, rows: YearRows, catalogue: Catalogue) -> None:
        self.agency = agency
        self.rows = rows
        plan = rows.plan
        self.plan = plan
        self.year = plan.fiscal_year.be_year
        self.thai = agency.thai_digits
        self.catalogue = catalogue
        self.assets: dict[str, str] = {}
        self.slug = agency.slug

    def n(self, value: Any) -> str:
        return digits(value, self.thai)

    # -- released submissions -------------------------------------------------------------------
    def released(self) -> tuple[Submission | None, dict[int, Submission]]:
        latest: dict[tuple[str, int | None], Submission] = {}
        for sub in self.rows.submissions:  # by version: the highest wins
            latest[(sub.kind, sub.round_id)] = sub
        plan_sub = latest.get((DocumentKind.MEASURES_PLAN, None))
        rounds = {
            round_id: sub
            for (kind, round_id), sub in latest.items()
            if kind == DocumentKind.PROGRESS_REPORT and round_id is not None
        }
        return plan_sub, rounds

    def approval(self, sub: Submission, plan_json: dict[str, Any], index: int | None):
        issued = getattr(sub, "issued", None) if sub.state == SubmissionState.ISSUED else None
        final = issued.snapshot if issued is not None else plan_json
        memo = final.get("memo") if index is None else final["rounds"][index].get("memo")
        approvals = _approvals(memo, self.thai)
        # The day of the last approval: as signed on the memo, else (issued through the chain)
        # the day the chain finished. An approval recorded from a file without a date has none
        # (the day of the import is not the day of the approval).
        day = _local_day(sub.closed_at) if issued is not None else None
        if approvals and approvals[-1]["date"]:
            day = _day(approvals[-1]["date"])
        return {
            "how": "issued" if issued is not None else "recorded",
            "version": sub.version,
            "date": day.isoformat() if day else None,
            "date_label": _date_label(day, self.thai),
            "approvals": approvals,
            "document": issued.code if issued is not None else None,
        }

    # -- sections -----------------------------------------------------------------------------
    def measures_section(self, sub: Submission) -> dict[str, Any]:
        plan_json = sub.snapshot["plan"]
        labels = _unit_labels(plan_json["agency"])
        indicators = self.catalogue.indicators_of(self.year)
        tools = self._tool_groups()
        for key, number, m in _measures(plan_json):
            tools[m["tool"]]["measures"].append(
                {
                    "key": key,
                    "number": number,
                    "number_label": self.n(number),
                    "title": m["title"],
                    "methods": list(m.get("methods", [])),
                    "responsible": _responsible(m, labels),
                    "period": _period(m["period"], self.thai, months=True),
                    "follow_up": m.get("follow_up", ""),
                    "indicators": [
                        {"number": i, "name": indicators.get(i, ("", ""))[0]}
                        for i in m.get("indicators", [])
                    ],
                    "carried_over": bool(m.get("carried_over")),
                }
            )
        return {
            "title": plan_json.get("title", ""),
            "approved": self.approval(sub, plan_json, None),
            "count": sum(len(t["measures"]) for t in tools.values()),
            "tools": [t for t in tools.values() if t["measures"]],
        }

    def _tool_groups(self) -> dict[str, dict[str, Any]]:
        return {
            code: {"code": code, "name": name, "measures": []}
            for code, name in self.catalogue.tool_names().items()
        }

    def round_section(
        self, number: int, sub: Submission, public_files: dict[int, tuple[str, str]]
    ) -> dict[str, Any]:
        snapshot = sub.snapshot
        plan_json = snapshot["plan"]
        index = snapshot["round_index"]
        round_json = plan_json["rounds"][index]
        labels = _unit_labels(plan_json["agency"])
        entries = snapshot.get("entries", {})
        tools = self._tool_groups()
        counts = dict.fromkeys((s.value for s in Status), 0)
        for key, measure_number, m in _measures(plan_json):
            given = round_json.get("progress", {}).get(key)
            status = (given or {}).get("status", Status.NOT_STARTED.value)
            counts[status] += 1
            files = []
            for f in entries.get(key, {}).get("files", []):
                live = public_files.get(f["id"])
                if not f.get("public") or live is None or live[0] != f["sha256"]:
                    continue
                name = self._evidence_name(f)
                self.assets[f"files/{name}"] = live[1]
                files.append(
                    {
                        "name": f["name"],
                        "size": f["size"],
                        "sha256": f["sha256"],
                        "content_type": f["content_type"],
                        "url": paths.evidence_file(self.slug, self.year, name),
                    }
                )
            tools[m["tool"]]["measures"].append(
                {
                    "key": key,
                    "number": measure_number,
                    "number_label": self.n(measure_number),
                    "title": m["title"],
                    "responsible": _responsible(m, labels),
                    "status": status,
                    "status_label": STATUS_LABELS[Status(status)],
                    "note": (given or {}).get("note", ""),
                    "evidence": (given or {}).get("evidence", ""),
                    "urls": list((given or {}).get("urls", [])),
                    "files": files,
                }
            )
        kind = round_json["kind"]
        return {
            "number": number,
            "kind": kind,
            "title": ROUND_TITLES.get(kind) or round_json.get("label") or "รอบรายงาน",
            "period": _period(round_json["period"], self.thai, months=False),
            "approved": self.approval(sub, plan_json, index),
            "counts": counts,
            "counts_label": {k: self.n(v) for k, v in counts.items()},
            "count": sum(counts.values()),
            "tools": [t for t in tools.values() if t["measures"]],
        }

    @staticmethod
    def _evidence_name(f: dict[str, Any]) -> str:
        ext = _EXTENSIONS.get(f["content_type"]) or posixpath.splitext(f["name"])[1].lower()
        if not ext.isascii() or not ext[1:].isalnum():
            ext = ""
        return f"{f['sha256'][:20]}{ext}"

    def previous_result(self, sub: Submission | None) -> dict[str, Any] | None:
        if sub is None:
            return None
        result = sub.snapshot["plan"].get("previous_result")
        if not result:
            return None
        names = self.catalogue.indicators_of(int(result["fiscal_year"]))
        return {
            "fiscal_year": result["fiscal_year"],
            "fiscal_year_label": self.n(result["fiscal_year"]),
            "total": _score(result.get("total")),
            "iit": _score(result.get("iit")),
            "eit": _score(result.get("eit")),
            "oit": _score(result.get("oit")),
            "level": result.get("level", ""),
            "indicators": [
                {
                    "number": int(number),
                    "name": names.get(int(number), ("", ""))[0],
                    "tool": names.get(int(number), ("", ""))[1],
                    "score": _score(score),
                }
                for number, score in sorted(
                    result.get("indicators", {}).items(), key=lambda kv: int(kv[0])
                )
            ],
        }

    def documents(self, round_numbers: dict[int, int]) -> list[dict[str, Any]]:
        groups: dict[tuple[str, int | None], list[IssuedDocument]] = defaultdict(list)
        for doc in self.rows.documents:  # newest version first
            groups[(doc.kind, doc.round_id)].append(doc)
        out = []
        for (kind, round_id), versions in groups.items():
            number = round_numbers.get(round_id) if round_id is not None else None
            if kind == DocumentKind.ANALYSIS_REPORT:
                stem = "analysis"  # of the year before's result: part 1 of O42
            else:
                stem = "plan" if round_id is None else f"round-{number}"
            latest = versions[0]
            self.assets[f"documents/{stem}.pdf"] = latest.pdf.name
            self.assets[f"documents/{stem}.docx"] = latest.docx.name
            listed = []
            for doc in versions:
                self.assets[f"documents/{doc.code}.pdf"] = doc.pdf.name
                self.assets[f"documents/{doc.code}.docx"] = doc.docx.name
                listed.append(
                    {
                        "version": doc.version,
                        "code": doc.code,
                        "title": doc.title,
                        "doc_number": doc.doc_number,
                        "document_date": doc.document_date.isoformat(),
                        "document_date_label": _date_label(doc.document_date, self.thai),
                        "issued_at": doc.issued_at.isoformat(),
                        "pdf": {
                            "url": paths.document_file(self.slug, self.year, f"{doc.code}.pdf"),
                            "sha256": doc.pdf_sha256,
                        },
                        "docx": {
                            "url": paths.document_file(self.slug, self.year, f"{doc.code}.docx"),
                            "sha256": doc.docx_sha256,
                        },
                        "verify_url": f"/verify/{doc.code}/",
                        "latest": doc is latest,
                    }
                )
            out.append(
                {
                    "kind": kind,
                    "title": KIND_TITLES[DocumentKind(kind)],
                    "round": number,
                    "pdf": paths.document_file(self.slug, self.year, f"{stem}.pdf"),
                    "docx": paths.document_file(self.slug, self.year, f"{stem}.docx"),
                    "versions": listed,
                }
            )
        # The analysis first (part 1 of O42), the plan, then the rounds in order.
        out.sort(
            key=lambda d: (
                d["round"] is not None,
                d["round"] or 0,
                d["kind"] != DocumentKind.ANALYSIS_REPORT,
            )
        )
        return out


def build(agency: Agency, be_year: int, catalogue: Catalogue | None = None) -> Released | None:
    """The released content of ``agency``'s fiscal year ``be_year``; ``None`` when nothing of
    that year has been released (then nothing is published)."""
    rows = load([agency.pk], be_year).get((agency.pk, be_year))
    if rows is None:
        return None
    return build_from(agency, rows, catalogue or Catalogue.shared())


def build_from(agency: Agency, rows: YearRows, catalogue: Catalogue) -> Released | None:
    """:func:`build` from rows read before (:func:`load`)."""
    be_year = rows.plan.fiscal_year.be_year
    b = _Builder(agency, rows, catalogue)
    plan_sub, round_subs = b.released()
    if plan_sub is None and not round_subs:
        return None
    numbers = {pk: i for i, pk in enumerate(rows.round_ids, start=1)}
    public_files = rows.public_files
    rounds = [
        b.round_section(numbers[round_id], sub, public_files)
        for round_id, sub in sorted(round_subs.items(), key=lambda kv: numbers[kv[0]])
    ]
    measures = b.measures_section(plan_sub) if plan_sub is not None else None
    documents = b.documents(numbers)
    content: dict[str, Any] = {
        "format": FORMAT,
        "agency": {
            "slug": agency.slug,
            "name": agency.name,
            "short_name": agency.short_name,
            "type": agency.type,
            "province": agency.province,
            "district": agency.district,
            "website": agency.website,
            "thai_digits": agency.thai_digits,
        },
        "fiscal_year": be_year,
        "fiscal_year_label": b.n(be_year),
        "urls": {
            "page": paths.year_page(agency.slug, be_year),
            "json": paths.year_json(agency.slug, be_year),
            "csv": paths.year_csv(agency.slug, be_year),
            "agency": paths.agency_index(agency.slug),
            "feed": paths.agency_feed(agency.slug),
        },
        "measures": measures,
        "previous_result": b.previous_result(plan_sub),
        "rounds": rounds,
        "documents": documents,
    }
    content["oit"] = oit_index(content, b.catalogue.oit_of(be_year))
    return Released(content=content, assets=b.assets)


# --- the OIT index --------------------------------------------------------------------------


def _explain_measures(content: dict[str, Any], url: str) -> str:
    agency = content["agency"]["name"]
    m = content["measures"]
    thai = content["agency"]["thai_digits"]
    per_tool = " ".join(f"{t['code']} {digits(len(t['measures']), thai)}" for t in m["tools"])
    approved = m["approved"]
    by = approved["approvals"][-1]["position"] if approved["approvals"] else ""
    text = (
        f"{agency}ได้จัดทำ{m['title'] or 'มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน'} "
        f"ประจำปีงบประมาณ พ.ศ. {content['fiscal_year_label']} "
        f"จำนวน {digits(m['count'], thai)} มาตรการ ({per_tool})"
    )
    if by or approved["date_label"]:
        text += " ซึ่งได้รับความเห็นชอบ"
        if by:
            text += f"จาก{by}"
        if approved["date_label"]:
            text += f" เมื่อวันที่ {approved['date_label']}"
    analysis = next(
        (
            d["versions"][0]
            for d in content["documents"]
            if d["kind"] == DocumentKind.ANALYSIS_REPORT and d["versions"]
        ),
        None,
    )
    if analysis is not None:
        # Part 1 of O42: the measures follow from the analysis of the year before's result.
        text += (
            f" โดยกำหนดจากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. "
            f"{digits(content['fiscal_year'] - 1, thai)} "
            f"ตามบันทึกข้อความที่ {analysis['doc_number']} "
            f"ลงวันที่ {analysis['document_date_label']}"
        )
    return f"{text} และเผยแพร่ต่อสาธารณะทางเว็บไซต์ของหน่วยงาน ตรวจสอบได้ที่ {url}"


def _explain_progress(content: dict[str, Any], url: str) -> str:
    agency = content["agency"]["name"]
    thai = content["agency"]["thai_digits"]
    parts = []
    for r in content["rounds"]:
        c = r["counts_label"]
        part = (
            f"{r['title']} ({r['period']['label']}) ดำเนินการแล้ว {c['completed']} มาตรการ "
            f"อยู่ระหว่างดำเนินการ {c['in_progress']} มาตรการ "
            f"ยังไม่ดำเนินการ {c['not_started']} มาตรการ"
        )
        doc = next(
            (d for d in content["documents"] if d["round"] == r["number"] and d["versions"]),
            None,
        )
        if doc is not None:
            latest = doc["versions"][0]
            part += f" ตามบันทึกข้อความที่ {latest['doc_number']} ลงวันที่ {latest['document_date_label']}"
        elif r["approved"]["date_label"]:
            part += f" ได้รับความเห็นชอบเมื่อวันที่ {r['approved']['date_label']}"
        parts.append(part)
    return (
        f"{agency}ได้รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {digits(content['fiscal_year'], thai)} ต่อผู้บริหาร "
        + " และ".join(parts)
        + f" ตรวจสอบได้ที่ {url}"
    )


def oit_index(content: dict[str, Any], items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per OIT item of the year's catalogue: where this site holds its evidence (the
    measures item with the released plan, the progress item with a released round), with
    the text to paste into the ITAS form."""
    slug, year = content["agency"]["slug"], content["fiscal_year"]
    rows = []
    for item in items:
        held = (item["is_measures_item"] and content["measures"] is not None) or (
            item["is_progress_item"] and bool(content["rounds"])
        )
        row: dict[str, Any] = {
            "code": item["code"],
            "title": item["title_th"],
            "indicator": item["indicator__number"],
            "sub_indicator": item["sub_indicator"],
            "held": held,
            "section": ("measures" if item["is_measures_item"] else "progress" if held else None),
            "url": None,
            "embed_url": None,
            "explanation": "",
        }
        if held:
            url = paths.absolute(paths.oit_page(slug, year, item["code"]))
            row["url"] = url
            row["embed_url"] = paths.absolute(paths.oit_embed(slug, year, item["code"]))
            row["explanation"] = (
                _explain_measures(content, url)
                if item["is_measures_item"]
                else _explain_progress(content, url)
            )
        rows.append(row)
    return rows
