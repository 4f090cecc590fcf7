"""Plan file -> the context of the analysis report (รายงานการวิเคราะห์ผลการประเมิน ITA) and of
the analysis table the measures document prints as its part 1. No ORM.

The table has the layout agencies use: indicator | score | ประเด็นที่ต้องแก้ไข/ปรับปรุง |
แนวทางการพัฒนา, one row per indicator or one per tool (``result_analysis.grouping``). A comment
left empty in the file gets wording derived from the scores (below the pass line, fell since the
year before …); the web app fills the development column from the suggestions library before it
calls the renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, TypedDict

from ita_tracker.docengine.context import (
    DEFAULT_INDICATOR_NAMES,
    ITA_NAME,
    TOOL_TITLES,
    MemoContext,
    _Writer,
)
from ita_tracker.docengine.errors import DocumentError
from ita_tracker.planfile.schema import AnalysisComment, PlanFile, PreviousResult, ToolCode

PASS_MARK = Decimal(85)
# Which tool each indicator belongs to: the same in every catalogue 2561-2569 (ita-framework §2.1).
INDICATOR_TOOLS = {1: "IIT", 2: "IIT", 3: "IIT", 4: "IIT", 5: "IIT", 6: "EIT", 7: "EIT",
                   8: "EIT", 9: "OIT", 10: "OIT"}  # fmt: skip
REPORT_TITLE = "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"


class AnalysisRowContext(TypedDict):
    label: str
    score: str
    previous: str
    change: str
    issues: str
    development: str


class AnalysisTableContext(TypedDict):
    present: bool
    fiscal_year: str
    previous_year: str
    grouping: str
    include_in_plan: bool
    rows: list[AnalysisRowContext]


class SeriesContext(TypedDict):
    name: str
    values: list[str]  # Arabic digits, "" when the year has no value


class ChartContext(TypedDict):
    years: list[int]
    series: list[SeriesContext]


class AnalysisReportContext(TypedDict):
    document: str
    agency: Any
    fiscal_year: str
    thai_digits: bool
    report_title: str
    result_sentence: str
    table: AnalysisTableContext
    chart: ChartContext
    memo: MemoContext


def _change_text(score: Decimal | None, previous: Decimal | None) -> str:
    if score is None or previous is None:
        return ""
    change = score - previous
    return f"{'+' if change > 0 else '−' if change < 0 else '±'}{abs(change):.2f}"


def default_issues(
    score: Decimal | None, previous: Decimal | None, previous_year: int | None
) -> str:
    """Wording for an empty "issues" comment, from the scores alone."""
    if score is None:
        return ""
    parts = []
    if score < PASS_MARK:
        parts.append(f"คะแนน {score:.2f} ต่ำกว่าเกณฑ์ผ่าน 85 คะแนน (ห่าง {PASS_MARK - score:.2f})")
    else:
        parts.append(f"คะแนน {score:.2f} ผ่านเกณฑ์ 85 คะแนน")
    if previous is not None and previous_year is not None and score != previous:
        verb = "ลดลง" if score < previous else "เพิ่มขึ้น"
        parts.append(f"{verb} {abs(score - previous):.2f} จากปี {previous_year}")
    return " ".join(parts)


def analysis_table(
    w: _Writer, plan: PlanFile, indicator_names: Mapping[int, str]
) -> AnalysisTableContext:
    analysis = plan.result_analysis
    empty: AnalysisTableContext = {
        "present": False,
        "fiscal_year": "",
        "previous_year": "",
        "grouping": "",
        "include_in_plan": False,
        "rows": [],
    }
    if analysis is None:
        return empty
    result = plan.result_of(analysis.fiscal_year)
    if result is None:
        return empty
    earlier = [
        r
        for r in [plan.previous_result, *plan.results]
        if r is not None and r.fiscal_year < analysis.fiscal_year
    ]
    previous: PreviousResult | None = max(earlier, key=lambda r: r.fiscal_year, default=None)
    previous_year = previous.fiscal_year if previous else None
    comments = analysis.comments
    rows: list[AnalysisRowContext] = []

    def add(key: str, label: str, score: Decimal | None, before: Decimal | None) -> None:
        comment = comments.get(key, AnalysisComment())
        rows.append(
            {
                "label": w.text(label),
                "score": w.score(score),
                "previous": w.score(before),
                "change": w.text(_change_text(score, before)),
                "issues": w.paragraphs(
                    comment.issues or default_issues(score, before, previous_year)
                ),
                "development": w.paragraphs(comment.development),
            }
        )

    if analysis.grouping == "tool":
        for code in ("IIT", "EIT", "OIT"):
            score = getattr(result, code.lower())
            before = getattr(previous, code.lower()) if previous else None
            add(code, f"{code} {TOOL_TITLES[ToolCode(code)]}", score, before)
    else:
        for number in sorted(result.indicators):
            name = indicator_names.get(number, DEFAULT_INDICATOR_NAMES.get(number, ""))
            before = previous.indicators.get(number) if previous else None
            add(str(number), f"{number}. {name}", result.indicators[number], before)
    return {
        "present": True,
        "fiscal_year": w.text(analysis.fiscal_year),
        "previous_year": w.text(previous_year or ""),
        "grouping": analysis.grouping,
        "include_in_plan": analysis.include_in_plan,
        "rows": rows,
    }


def chart_data(plan: PlanFile) -> ChartContext:
    every = sorted(
        (r for r in [plan.previous_result, *plan.results] if r is not None),
        key=lambda r: r.fiscal_year,
    )

    def values(attr: str) -> list[str]:
        return ["" if getattr(r, attr) is None else f"{getattr(r, attr):.2f}" for r in every]

    return {
        "years": [r.fiscal_year for r in every],
        "series": [
            {"name": "คะแนนรวม", "values": values("total")},
            {"name": "IIT", "values": values("iit")},
            {"name": "EIT", "values": values("eit")},
            {"name": "OIT", "values": values("oit")},
        ],
    }


def analysis_report_context(
    plan: PlanFile, *, indicator_names: Mapping[int, str] | None = None
) -> dict[str, Any]:
    """The analysis report: a memo to the head of the agency with the analysis table and the
    trend chart (the exporter puts the picture in ``trend_chart``). The memo's number, date,
    preparer and approvers' blocks come from ``result_analysis.memo`` (set by the approval chain;
    none on a plain draft)."""
    if plan.result_analysis is None or plan.result_of(plan.result_analysis.fiscal_year) is None:
        raise DocumentError(
            "ไฟล์ไม่มีการวิเคราะห์ผลการประเมิน (result_analysis)",
            "the file has no analysis of a result (result_analysis)",
        )
    names = dict(DEFAULT_INDICATOR_NAMES)
    names.update(indicator_names or {})
    w = _Writer(plan, names)
    year = plan.result_analysis.fiscal_year
    result = plan.result_of(year)
    assert result is not None
    agency = w.agency()
    sentence = (
        f"ผล{ITA_NAME} ประจำปีงบประมาณ พ.ศ.{year} ของ{agency['name_with_place']} "
        f"มีคะแนนรวม {result.total:.2f} คะแนน"
        + (f" อยู่ในระดับ {result.level}" if result.level else "")
        + (
            f" (IIT {result.iit:.2f} EIT {result.eit:.2f} OIT {result.oit:.2f})"
            if None not in (result.iit, result.eit, result.oit)
            else ""
        )
    )
    subject = f"รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ.{year}"
    background = (
        f"ตามที่สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ (สำนักงาน ป.ป.ช.) "
        f"ได้ประกาศผล{ITA_NAME} ประจำปีงบประมาณ พ.ศ.{year} "
        f"และกำหนดให้หน่วยงานวิเคราะห์ผลการประเมินเพื่อกำหนดมาตรการส่งเสริมคุณธรรม"
        f"และความโปร่งใสภายในหน่วยงาน นั้น"
    )
    facts = (
        f"{sentence} ได้วิเคราะห์ผลการประเมินรายตัวชี้วัด ประเด็นที่ต้องแก้ไขหรือปรับปรุง "
        f"และแนวทางการพัฒนา รายละเอียดตามตารางและแผนภูมิแนวโน้มคะแนนดังนี้"
    )
    considerations = (
        "จึงเรียนมาเพื่อโปรดทราบ และพิจารณานำผลการวิเคราะห์ไปกำหนดมาตรการส่งเสริมคุณธรรม"
        f"และความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.{plan.fiscal_year} ต่อไป"
    )
    context: AnalysisReportContext = {
        "document": "analysis_report",
        "agency": agency,
        "fiscal_year": w.text(year),
        "thai_digits": w.thai,
        "report_title": REPORT_TITLE,
        "result_sentence": w.text(sentence),
        "table": analysis_table(w, plan, names),
        "chart": chart_data(plan),
        "memo": w.memo(
            plan.result_analysis.memo,
            subject=subject,
            background=background,
            facts=facts,
            considerations=considerations,
        ),
    }
    return dict(context)
