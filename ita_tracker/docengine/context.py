"""Plan file -> the plain context a memo template prints (one serializer per document kind).

The context holds only ``str``, ``int``, ``bool``, ``list`` and ``dict``: it can be dumped as
JSON, stored with an issued document, and given to any exporter. Every text is final: BE dates
are formatted, and digits are Thai or Arabic by ``agency.thai_digits`` (URLs and e-mail
addresses keep their digits). Every key is always present (an absent value is ``""``, ``[]`` or
``False``), so templates can test values without tripping the strict undefined check.

A memo field left empty in the plan file gets derived wording (subject, salutation, department,
facts, considerations, document number). Multi-paragraph texts hold one paragraph per line
(``"\\n"``); the DOCX exporter turns each line into its own paragraph with the same formatting.

The shapes are the TypedDicts below; docs/templates.md lists every variable.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypedDict

from ita_tracker.docengine.errors import DocumentError
from ita_tracker.lib import thai_dates
from ita_tracker.lib.thai_digits import to_arabic_digits, to_thai_digits
from ita_tracker.planfile.schema import (
    Approval,
    Measure,
    Memo,
    PlanFile,
    Progress,
    Round,
    RoundKind,
    Status,
    ToolCode,
)

# The O42/O43 wording: what the progress report reports on.
MEASURES_PHRASE = "มาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
ITA_NAME = (
    "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
    "(Integrity and Transparency Assessment : ITA)"
)
TOOL_TITLES = {
    ToolCode.IIT: "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน",
    ToolCode.EIT: "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก",
    ToolCode.OIT: "การเปิดเผยข้อมูลสาธารณะ",
}
STATUS_LABELS = {
    Status.NOT_STARTED: "ยังไม่ดำเนินการ",
    Status.IN_PROGRESS: "อยู่ระหว่างดำเนินการ",
    Status.COMPLETED: "ดำเนินการเสร็จเรียบร้อยแล้ว",
}
# The ten ITA indicators (unchanged 2561-2568, ita-framework.md §1). Callers holding the
# year's catalogue pass its names instead.
DEFAULT_INDICATOR_NAMES = {
    1: "การปฏิบัติหน้าที่",
    2: "การใช้งบประมาณ",
    3: "การใช้อำนาจ",
    4: "การใช้ทรัพย์สินของราชการ",
    5: "การแก้ไขปัญหาการทุจริต",
    6: "คุณภาพการดำเนินงาน",
    7: "ประสิทธิภาพการสื่อสาร",
    8: "การปรับปรุงการทำงาน",
    9: "การเปิดเผยข้อมูล",
    10: "การป้องกันการทุจริต",
}


class AgencyContext(TypedDict):
    name: str  # เทศบาลตำบลท่าแพ
    short_name: str  # ทต.ท่าแพ ("" when not given)
    district: str  # เมืองนครศรีธรรมราช (without อำเภอ)
    province: str  # นครศรีธรรมราช (without จังหวัด)
    place: str  # อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช
    name_with_place: str  # เทศบาลตำบลท่าแพ อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช
    phone: str
    website: str  # a URL: digits never converted
    head_position: str  # นายกเทศมนตรีตำบลท่าแพ
    doc_prefix: str  # นศ ๕๓๓๐๑


class PersonContext(TypedDict):
    name: str  # with the title: นางสาวกมลทิพย์ วัจนะพันธ์ ("" when nobody is named)
    position: str


class ApprovalContext(TypedDict):
    heading: str  # ความเห็นปลัดเทศบาล
    name: str  # "" for a derived block that nobody is named for yet
    position: str
    acting: str  # รักษาราชการแทนปลัดเทศบาลตำบลท่าแพ ("" unless an acting official signs)
    comment: str  # ทราบ ("" when not given yet)
    signed_on: str  # ๓ เมษายน ๒๕๖๖ ("" when not signed)


class MemoContext(TypedDict):
    department: str  # ส่วนราชการ
    doc_number: str  # ที่: นศ ๕๓๓๐๑/๑๖๕ (prefix + "/" + number; "นศ ๕๓๓๐๑/" while unnumbered)
    number: str  # the register number alone: ๑๖๕
    date: str  # วันที่: ๓ เมษายน ๒๕๖๖ ("" while undated)
    subject: str  # เรื่อง
    salutation: str  # เรียน
    background: str  # เรื่องเดิม (one paragraph per line)
    facts: str  # ข้อเท็จจริง (one paragraph per line)
    considerations: str  # ข้อพิจารณา (one paragraph per line)
    drafter: PersonContext
    approvals: list[ApprovalContext]


class MeasureContext(TypedDict):
    key: str  # IIT-1
    number: str  # ๑ (its place among the tool's measures)
    title: str
    methods: list[str]  # วิธีดำเนินการ, one step each
    responsible: list[str]  # สำนักปลัด งานธุรการ (unit short name + section)
    responsible_text: str  # the units and the note, joined with ", "
    period: str  # ต.ค.๖๕ – มี.ค.๖๖
    follow_up: str  # การติดตามประเมินผล
    indicators: list[str]  # ["๑"]
    indicators_text: str  # ๑, ๒
    carried_over: bool


class ReportMeasureContext(MeasureContext):
    status: str  # not_started | in_progress | completed
    status_label: str  # ดำเนินการเสร็จเรียบร้อยแล้ว
    note: str  # what was done
    evidence: str  # printed in parentheses under the ✓
    urls: list[str]  # evidence links, never digit-converted


class ToolContext(TypedDict):
    code: str  # IIT | EIT | OIT
    title: str  # การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน
    measures: list[MeasureContext]


class ReportToolContext(TypedDict):
    code: str
    title: str
    measures: list[ReportMeasureContext]


class ScoreContext(TypedDict):
    label: str  # คะแนนรวม | IIT การรับรู้… | ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่
    score: str  # ๗๐.๓๓


class PreviousResultContext(TypedDict):
    present: bool
    fiscal_year: str  # ๒๕๖๕
    total: str  # ๗๐.๓๓
    level: str  # C
    iit: str
    eit: str
    oit: str
    scores: list[ScoreContext]  # total, the tools and the indicators that are known


class RoundContext(TypedDict):
    kind: str  # six_month | twelve_month | other
    label: str  # รอบ ๖ เดือน
    start: str  # ๑ ตุลาคม ๒๕๖๕
    end: str  # ๓๑ มีนาคม ๒๕๖๖
    period: str  # ๑ ตุลาคม ๒๕๖๕ - ๓๑ มีนาคม ๒๕๖๖
    has_results: bool  # some measure has a result text (note) or an evidence link


class SummaryContext(TypedDict):
    measures: str  # number of measures
    not_started: str  # "" in the measures plan
    in_progress: str
    completed: str


class _PlanContext(TypedDict):
    """What every document says about the agency and the plan."""

    agency: AgencyContext
    fiscal_year: str  # ๒๕๖๖
    thai_digits: bool
    plan_title: str  # มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน
    previous_result: PreviousResultContext
    analysis: str  # การวิเคราะห์ผลการประเมินปีที่ผ่านมา (one paragraph per line)


class _CommonContext(_PlanContext):
    memo: MemoContext
    summary: SummaryContext


class ProgressReportContext(_CommonContext):
    document: Literal["progress_report"]
    round: RoundContext
    tools: list[ReportToolContext]


class MeasuresPlanContext(_CommonContext):
    document: Literal["measures_plan"]
    tools: list[ToolContext]
    # Part 1, the analysis of last year's result (docengine/analysis_context.py).
    analysis_table: dict[str, Any]
    chart: dict[str, Any]


# Invisible characters that would end up in copied and searched text (and let LibreOffice break
# lines inside words). Input cleaning strips them when text is typed or imported; this is the
# renderer's safety net. A zero-width joiner stays only where it joins an emoji sequence.
_ZERO_WIDTH = re.compile(
    "[\u200b\u200c\u2060\ufeff\u180e]|\u200d(?![\U0001f000-\U0001faff\u2600-\u27bf])"
)


def without_zero_width(text: str) -> str:
    return _ZERO_WIDTH.sub("", text)


def _require_measures(plan: PlanFile) -> None:
    if not plan.measures:
        raise DocumentError(
            "แผนนี้ยังไม่มีมาตรการ จึงจัดทำเอกสารไม่ได้ ให้เพิ่มมาตรการอย่างน้อยหนึ่งมาตรการก่อน",
            "the plan has no measures yet, so no document can be made: add at least one measure",
        )


class _Writer:
    """Text in the agency's digits. Every string that reaches a template passes through here."""

    def __init__(self, plan: PlanFile, indicator_names: Mapping[int, str] | None) -> None:
        self.plan = plan
        self.thai = plan.agency.thai_digits
        self.indicator_names = dict(indicator_names or DEFAULT_INDICATOR_NAMES)

    def text(self, value: object) -> str:
        text = without_zero_width(str(value))
        return to_thai_digits(text) if self.thai else to_arabic_digits(text)

    def paragraphs(self, value: str) -> str:
        """One paragraph per line; blank lines and stray spaces dropped."""
        lines = (" ".join(line.split()) for line in value.splitlines())
        return self.text("\n".join(line for line in lines if line))

    def date(self, value: dt.date | None) -> str:
        return thai_dates.format_date(value, thai_digits=self.thai) if value else ""

    def score(self, value: Decimal | None) -> str:
        return self.text(f"{value:.2f}") if value is not None else ""

    # -- shared pieces -----------------------------------------------------------------------
    def agency(self) -> AgencyContext:
        agency = self.plan.agency
        place = " ".join(
            part
            for part in (
                f"อำเภอ{agency.district}" if agency.district else "",
                f"จังหวัด{agency.province}" if agency.province else "",
            )
            if part
        )
        return {
            "name": self.text(agency.name),
            "short_name": self.text(agency.short_name),
            "district": self.text(agency.district),
            "province": self.text(agency.province),
            "place": self.text(place),
            "name_with_place": self.text(f"{agency.name} {place}".strip()),
            "phone": self.text(agency.phone),
            "website": agency.website,
            "head_position": self.text(agency.head_position),
            "doc_prefix": self.text(agency.doc_prefix),
        }

    def previous_result(self) -> PreviousResultContext:
        result = self.plan.previous_result
        if result is None:
            return {
                "present": False,
                "fiscal_year": "",
                "total": "",
                "level": "",
                "iit": "",
                "eit": "",
                "oit": "",
                "scores": [],
            }
        scores: list[ScoreContext] = [{"label": "คะแนนรวม", "score": self.score(result.total)}]
        for code, value in (
            (ToolCode.IIT, result.iit),
            (ToolCode.EIT, result.eit),
            (ToolCode.OIT, result.oit),
        ):
            if value is not None:
                label = f"{code.value} {TOOL_TITLES[code]}"
                scores.append({"label": label, "score": self.score(value)})
        for number in sorted(result.indicators):
            name = self.indicator_names.get(number, "")
            label = f"ตัวชี้วัดที่ {number} {name}".strip()
            scores.append(
                {"label": self.text(label), "score": self.score(result.indicators[number])}
            )
        return {
            "present": True,
            "fiscal_year": self.text(result.fiscal_year),
            "total": self.score(result.total),
            "level": self.text(result.level),
            "iit": self.score(result.iit),
            "eit": self.score(result.eit),
            "oit": self.score(result.oit),
            "scores": scores,
        }

    def result_sentence(self) -> str:
        """ผลการประเมิน … ประจำปีงบประมาณ พ.ศ.๒๕๖๕ ของ… มีคะแนนเท่ากับ ๗๐.๓๓ คะแนน อยู่ระดับ C"""
        result = self.plan.previous_result
        if result is None:
            return ""
        agency = self.agency()
        sentence = (
            f"ผล{ITA_NAME} ประจำปีงบประมาณ พ.ศ.{result.fiscal_year} "
            f"ของ{agency['name_with_place']} มีคะแนนเท่ากับ {result.total:.2f} คะแนน"
        )
        if result.level:
            sentence += f" อยู่ระดับ {result.level}"
        return self.text(sentence)

    def responsible(self, measure: Measure) -> list[str]:
        units = {unit.name: unit for unit in self.plan.agency.units}
        names = []
        for path in measure.responsible:
            unit_name, _, section = path.partition("/")
            unit = units.get(unit_name)
            shown = (unit.short_name or unit.name) if unit else unit_name
            names.append(self.text(f"{shown} {section}".strip()))
        return names

    def measure(self, key: str, number: int, measure: Measure) -> MeasureContext:
        responsible = self.responsible(measure)
        shown = (
            [*responsible, self.text(measure.responsible_note)]
            if measure.responsible_note
            else responsible
        )
        indicators = [self.text(i) for i in measure.indicators]
        return {
            "key": key,
            "number": self.text(number),
            "title": self.text(measure.title),
            "methods": [self.text(step) for step in measure.methods],
            "responsible": responsible,
            "responsible_text": ", ".join(shown),
            "period": thai_dates.format_month_range(
                measure.period.start, measure.period.end, thai_digits=self.thai
            ),
            "follow_up": self.text(measure.follow_up),
            "indicators": indicators,
            "indicators_text": ", ".join(indicators),
            "carried_over": measure.carried_over,
        }

    def department(self, memo: Memo | None) -> str:
        if memo is not None and memo.department:
            return self.text(memo.department)
        agency = self.plan.agency
        unit = agency.units[0] if agency.units else None
        phone = (unit.phone if unit else "") or agency.phone
        parts = [unit.name if unit else "", agency.name, f"โทร {phone}" if phone else ""]
        return self.text(" ".join(p for p in parts if p))

    def doc_number(self, memo: Memo | None) -> str:
        number = memo.number if memo is not None else ""
        prefix = self.plan.agency.doc_prefix
        if prefix:
            return self.text(f"{prefix}/{number}")
        return self.text(number)

    def approvals(self, memo: Memo | None) -> list[ApprovalContext]:
        given: list[Approval] = list(memo.approvals) if memo is not None else []
        if given:
            return [
                {
                    "heading": self.text(a.heading),
                    "name": self.text(a.name),
                    "position": self.text(a.position),
                    "acting": self.text(a.acting),
                    "comment": self.paragraphs(a.comment),
                    "signed_on": self.date(a.signed_on),
                }
                for a in given
            ]
        head = self.plan.agency.head_position
        if not head:
            return []
        # Nobody named yet: one block for the head of the agency, to sign by hand.
        return [
            {
                "heading": self.text(f"ความเห็น{head}"),
                "name": "",
                "position": self.text(head),
                "acting": "",
                "comment": "",
                "signed_on": "",
            }
        ]

    def memo(
        self, memo: Memo | None, *, subject: str, background: str, facts: str, considerations: str
    ) -> MemoContext:
        drafter = memo.drafter if memo is not None else None
        return {
            "department": self.department(memo),
            "doc_number": self.doc_number(memo),
            "number": self.text(memo.number if memo is not None else ""),
            "date": self.date(memo.date if memo is not None else None),
            "subject": self.text((memo.subject if memo else "") or subject),
            "salutation": self.text((memo.to if memo else "") or self.plan.agency.head_position),
            "background": self.paragraphs(background),
            "facts": self.paragraphs((memo.facts if memo else "") or facts),
            "considerations": self.paragraphs(
                (memo.considerations if memo else "") or considerations
            ),
            "drafter": {
                "name": self.text(drafter.name) if drafter else "",
                "position": self.text(drafter.position) if drafter else "",
            },
            "approvals": self.approvals(memo),
        }

    def common(self) -> _PlanContext:
        return {
            "agency": self.agency(),
            "fiscal_year": self.text(self.plan.fiscal_year),
            "thai_digits": self.thai,
            "plan_title": self.text(self.plan.title),
            "previous_result": self.previous_result(),
            "analysis": self.paragraphs(self.plan.analysis),
        }


def _round_label(round_: Round) -> str:
    if round_.label:
        return round_.label
    return {RoundKind.SIX_MONTH: "รอบ 6 เดือน", RoundKind.TWELVE_MONTH: "รอบ 12 เดือน"}.get(
        round_.kind, ""
    )


def progress_report_context(
    plan: PlanFile, round_index: int, *, indicator_names: Mapping[int, str] | None = None
) -> ProgressReportContext:
    """The progress report memo (O43) of ``plan.rounds[round_index]`` (0-based)."""
    if not 0 <= round_index < len(plan.rounds):
        raise IndexError(
            f"ไม่มีรอบรายงานลำดับที่ {round_index + 1} (แผนมี {len(plan.rounds)} รอบ) / "
            f"no round {round_index + 1}: the plan has {len(plan.rounds)}"
        )
    _require_measures(plan)
    w = _Writer(plan, indicator_names)
    round_ = plan.rounds[round_index]
    label = _round_label(round_)
    period = thai_dates.format_date_range(round_.period.start, round_.period.end)
    subject = f"รายงานผลการดำเนินการตาม{MEASURES_PHRASE} ประจำปีงบประมาณ พ.ศ.{plan.fiscal_year}"
    subject += f" {label} ({period})" if label else f" ({period})"
    background = plan.background or (
        f"ตามที่{plan.agency.name}ได้กำหนด{plan.title} ประจำปีงบประมาณ พ.ศ.{plan.fiscal_year} "
        f"เพื่อขับเคลื่อนการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ดังนี้"
    )
    facts = " ".join(
        part
        for part in (
            w.result_sentence(),
            ("และ" if plan.previous_result else "")
            + f"เพื่อให้การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานดียิ่งขึ้น "
            f"จึงขอรายงานผลการดำเนินการตาม{MEASURES_PHRASE} "
            f"ตามมาตรการที่ได้กำหนดไว้ข้างต้น ดังต่อไปนี้",
        )
        if part
    )
    counts = dict.fromkeys(Status, 0)
    tools: list[ReportToolContext] = []
    for tool, entries in plan.measures_by_tool().items():
        if not entries:
            continue
        measures: list[ReportMeasureContext] = []
        for number, (key, measure) in enumerate(entries, start=1):
            progress = round_.progress.get(key) or Progress()
            counts[progress.status] += 1
            measures.append(
                {
                    **w.measure(key, number, measure),
                    "status": progress.status.value,
                    "status_label": STATUS_LABELS[progress.status],
                    "note": w.paragraphs(progress.note),
                    "evidence": w.text(progress.evidence),
                    "urls": [without_zero_width(str(url)) for url in progress.urls],
                }
            )
        tools.append({"code": tool.value, "title": TOOL_TITLES[tool], "measures": measures})
    context: ProgressReportContext = {
        "document": "progress_report",
        **w.common(),
        "memo": w.memo(
            round_.memo,
            subject=subject,
            background=background,
            facts=facts,
            considerations="จึงเรียนมาเพื่อโปรดทราบ",
        ),
        "round": {
            "kind": round_.kind.value,
            "label": w.text(label),
            "start": w.date(round_.period.start),
            "end": w.date(round_.period.end),
            "period": w.text(period),
            "has_results": any(m["note"] or m["urls"] for t in tools for m in t["measures"]),
        },
        "tools": tools,
        "summary": {
            "measures": w.text(len(plan.measures)),
            "not_started": w.text(counts[Status.NOT_STARTED]),
            "in_progress": w.text(counts[Status.IN_PROGRESS]),
            "completed": w.text(counts[Status.COMPLETED]),
        },
    }
    return context


def measures_plan_context(
    plan: PlanFile, *, indicator_names: Mapping[int, str] | None = None
) -> MeasuresPlanContext:
    """The measures plan (O42): a cover memo asking the head of the agency to approve it, the
    analysis of last year's result, and the measures per tool."""
    _require_measures(plan)
    w = _Writer(plan, indicator_names)
    fy = plan.fiscal_year
    subject = f"ขออนุมัติ{plan.title} ประจำปีงบประมาณ พ.ศ.{fy}"
    background = (
        f"ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
        f"ได้กำหนดให้หน่วยงานภาครัฐเข้ารับ{ITA_NAME} ประจำปีงบประมาณ พ.ศ.{fy} "
        f"โดยให้หน่วยงานวิเคราะห์ผลการประเมินในปีที่ผ่านมา "
        f"และกำหนดมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน นั้น"
    )
    facts = " ".join(
        part
        for part in (
            w.result_sentence(),
            f"{plan.agency.name}จึงได้วิเคราะห์ผลการประเมินดังกล่าว และจัดทำ{plan.title} "
            f"ประจำปีงบประมาณ พ.ศ.{fy} จำนวน {len(plan.measures)} มาตรการ "
            f"รายละเอียดปรากฏตามเอกสารแนบ",
        )
        if part
    )
    considerations = (
        f"จึงเรียนมาเพื่อโปรดพิจารณา หากเห็นชอบโปรดอนุมัติ{plan.title} ประจำปีงบประมาณ "
        f"พ.ศ.{fy} เพื่อประกาศใช้และเผยแพร่ทางเว็บไซต์ของหน่วยงานต่อไป"
    )
    tools: list[ToolContext] = []
    for tool, entries in plan.measures_by_tool().items():
        if entries:
            tools.append(
                {
                    "code": tool.value,
                    "title": TOOL_TITLES[tool],
                    "measures": [
                        w.measure(key, number, measure)
                        for number, (key, measure) in enumerate(entries, start=1)
                    ],
                }
            )
    from ita_tracker.docengine.analysis_context import analysis_table, chart_data

    context: MeasuresPlanContext = {
        "document": "measures_plan",
        **w.common(),
        # Part 1 when the file has an analysis to include (result_analysis.include_in_plan).
        "analysis_table": dict(analysis_table(w, plan, w.indicator_names)),
        "chart": dict(chart_data(plan)),
        "memo": w.memo(
            plan.memo,
            subject=subject,
            background=background,
            facts=facts,
            considerations=considerations,
        ),
        "tools": tools,
        "summary": {
            "measures": w.text(len(plan.measures)),
            "not_started": "",
            "in_progress": "",
            "completed": "",
        },
    }
    return context
