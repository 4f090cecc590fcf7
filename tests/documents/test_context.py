"""The plain contexts the templates print: JSON-able, digits by agency setting, derived wording."""

from __future__ import annotations

import json
import re

import pytest

from ita_tracker.docengine.context import measures_plan_context, progress_report_context
from ita_tracker.planfile.schema import PlanFile
from tests.documents.helpers import plan_from

THAI_DIGIT = re.compile("[๐-๙]")


def _walk(value: object) -> list[object]:
    found: list[object] = [value]
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            found += _walk(item)
    elif isinstance(value, list):
        for item in value:
            found += _walk(item)
    return found


def _strings(value: object) -> list[str]:
    return [v for v in _walk(value) if isinstance(v, str)]


@pytest.mark.parametrize("kind", ["report", "plan"])
def test_it_holds_only_plain_json_values(plan: PlanFile, kind: str) -> None:
    context = progress_report_context(plan, 0) if kind == "report" else measures_plan_context(plan)
    for value in _walk(context):
        assert type(value) in (str, int, bool, list, dict), value
    assert json.loads(json.dumps(context, ensure_ascii=False)) == context


def test_it_prints_the_seed_header_fields(plan: PlanFile) -> None:
    memo = progress_report_context(plan, 0)["memo"]
    assert memo["doc_number"] == "นศ ๕๓๓๐๑/๑๖๕"
    assert memo["date"] == "๓ เมษายน ๒๕๖๖"
    assert memo["department"] == "สำนักปลัดเทศบาล เทศบาลตำบลท่าแพ โทร ๐๗๕-๗๖๕๒๖๗"
    assert memo["salutation"] == "นายกเทศมนตรีตำบลท่าแพ"
    assert [a["name"] for a in memo["approvals"]] == [
        "นางสายฝน ยกชู",
        "นางภาวดี สุปรียสุนทร",
        "นายจรัญ เจียจิราพัถนันท์",
    ]
    assert memo["approvals"][2]["comment"] == "ทราบ"


def test_it_derives_the_memo_wording_when_the_memo_is_empty(example_text: str) -> None:
    text = example_text.split("    memo:\n")[0]  # the six-month round without its memo
    context = progress_report_context(plan_from(text), 0)
    memo = context["memo"]
    assert memo["subject"] == (
        "รายงานผลการดำเนินการตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๖ เดือน (๑ ตุลาคม ๒๕๖๕ - ๓๑ มีนาคม ๒๕๖๖)"
    )
    assert memo["salutation"] == "นายกเทศมนตรีตำบลท่าแพ"
    assert memo["department"] == "สำนักปลัดเทศบาล เทศบาลตำบลท่าแพ โทร ๐๗๕-๗๖๕๒๖๗"
    assert memo["doc_number"] == "นศ ๕๓๓๐๑/"
    assert memo["date"] == ""
    assert "มีคะแนนเท่ากับ ๗๐.๓๓ คะแนน อยู่ระดับ C" in memo["facts"]
    assert memo["considerations"] == "จึงเรียนมาเพื่อโปรดทราบ"
    # Nobody named: one block for the head of the agency, to sign by hand.
    assert memo["approvals"] == [
        {
            "heading": "ความเห็นนายกเทศมนตรีตำบลท่าแพ",
            "name": "",
            "position": "นายกเทศมนตรีตำบลท่าแพ",
            "acting": "",
            "comment": "",
            "signed_on": "",
        }
    ]
    assert memo["drafter"] == {"name": "", "position": ""}


def test_it_words_the_twelve_month_round(example_text: str) -> None:
    text = example_text + (
        "  - kind: twelve_month\n"
        "    period: {from: 2565-10-01, to: 2566-09-30}\n"
        "    progress:\n"
        "      IIT-2: {status: completed}\n"
    )
    context = progress_report_context(plan_from(text), 1)
    assert context["round"]["label"] == "รอบ ๑๒ เดือน"
    assert context["memo"]["subject"].endswith(
        "ประจำปีงบประมาณ พ.ศ.๒๕๖๖ รอบ ๑๒ เดือน (๑ ตุลาคม ๒๕๖๕ - ๓๐ กันยายน ๒๕๖๖)"
    )
    statuses = {m["key"]: m["status"] for t in context["tools"] for m in t["measures"]}
    assert statuses["IIT-2"] == "completed"
    assert statuses["IIT-1"] == "not_started"  # no entry in this round
    assert context["summary"]["completed"] == "๑"


def test_it_writes_arabic_digits_when_the_agency_prefers_them(plan: PlanFile) -> None:
    plan.agency.thai_digits = False
    context = progress_report_context(plan, 0)
    assert not [s for s in _strings(context) if THAI_DIGIT.search(s)]
    assert context["memo"]["doc_number"] == "นศ 53301/165"
    assert context["memo"]["date"] == "3 เมษายน 2566"
    assert context["previous_result"]["total"] == "70.33"
    assert context["tools"][0]["measures"][0]["period"] == "ต.ค.65 – มี.ค.66"


def test_it_keeps_the_digits_of_urls_and_emails(example_text: str) -> None:
    text = example_text.replace(
        "IIT-2: {status: in_progress}",
        "IIT-2: {status: in_progress, evidence: 'ดูที่ https://thaphae.go.th/ita/2566/o43 หรือ "
        "ita2566@thaphae.go.th ฉบับที่ 2', urls: ['https://thaphae.go.th/news/2566/123']}",
    )
    context = progress_report_context(plan_from(text), 0)
    measure = context["tools"][0]["measures"][1]
    assert measure["urls"] == ["https://thaphae.go.th/news/2566/123"]
    assert "https://thaphae.go.th/ita/2566/o43" in measure["evidence"]
    assert "ita2566@thaphae.go.th" in measure["evidence"]
    assert measure["evidence"].endswith("ฉบับที่ ๒")


def test_it_refuses_a_round_the_plan_does_not_have(plan: PlanFile) -> None:
    with pytest.raises(IndexError, match="no round 2"):
        progress_report_context(plan, 1)


def test_it_builds_the_measures_plan_with_a_cover_memo(plan: PlanFile) -> None:
    context = measures_plan_context(plan)
    assert context["document"] == "measures_plan"
    assert context["memo"]["subject"] == (
        "ขออนุมัติมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ.๒๕๖๖"
    )
    assert "จำนวน ๑๐ มาตรการ" in context["memo"]["facts"]
    assert [t["code"] for t in context["tools"]] == ["IIT", "EIT", "OIT"]
    assert [len(t["measures"]) for t in context["tools"]] == [5, 4, 1]
    first = context["tools"][0]["measures"][0]
    assert first["indicators_text"] == "๑"
    assert first["responsible_text"] == "สำนักปลัด งานธุรการ"
    assert context["previous_result"]["scores"] == [{"label": "คะแนนรวม", "score": "๗๐.๓๓"}]


def test_it_splits_multi_line_texts_into_paragraph_lines(example_text: str) -> None:
    text = example_text.replace(
        "previous_result:",
        "analysis: |\n  ย่อหน้าแรก   มี  ช่องว่าง\n\n  ย่อหน้าที่ 2\nprevious_result:",
    )
    context = measures_plan_context(plan_from(text))
    assert context["analysis"] == "ย่อหน้าแรก มี ช่องว่าง\nย่อหน้าที่ ๒"
