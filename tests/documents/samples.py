"""Plans the document tests render besides the seed: its 12-month report and 100 measures."""

from __future__ import annotations

from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.planfile.schema import PlanFile
from tests.documents.helpers import EXAMPLE

# What the officers wrote for the seed's measures in the 12-month round (ผลการดำเนินงาน).
TWELVE_MONTH_NOTES = {
    "IIT-1": "ประชุมประกาศนโยบายไม่รับของขวัญเมื่อวันที่ ๑๐ ตุลาคม ๒๕๖๕ และเผยแพร่ประกาศทางเว็บไซต์",
    "IIT-2": "เวียนหนังสือแจ้งแผนการใช้จ่ายงบประมาณทุกส่วนราชการ และชี้แจงในที่ประชุมประจำเดือนพนักงาน",
    "IIT-3": "เผยแพร่ประกาศจัดซื้อจัดจ้างและผลการจัดซื้อจัดจ้างรายเดือนบนเว็บไซต์หลักครบทุกเดือน",
    "IIT-4": "กำหนดเกณฑ์การประเมินบุคลากรและแจ้งเวียนให้พนักงานทุกคนทราบก่อนรอบการประเมิน",
    "IIT-5": "ประชาสัมพันธ์ข่าวการฝึกอบรมผ่านหนังสือเวียนและหอกระจายข่าวของเทศบาล",
    "EIT-1": "ปรับปรุงคู่มือสำหรับประชาชนและเผยแพร่บนเว็บไซต์ของหน่วยงาน",
    "EIT-2": "เปิดช่องทางสื่อสารผ่านเว็บไซต์ เฟซบุ๊ก และไลน์ของเทศบาล",
    "EIT-3": "ติดตั้งกล่องข้อความถาม-ตอบบนหน้าเว็บไซต์หลัก ตอบคำถามภายในหนึ่งวันทำการ",
    "EIT-4": "ปรับปรุงข่าวสารบนเว็บไซต์ทุกสัปดาห์ ตามที่ส่วนราชการส่งข้อมูล",
    "OIT-1": "ประชุมชี้แจงข้อมูลที่ต้องเปิดเผยตามตัวชี้วัดที่ ๙ และปรับปรุงเว็บไซต์ให้เป็นปัจจุบัน",
}
EVIDENCE_URLS = {
    "IIT-1": ["https://www.thaphae.go.th/news/no-gift-policy-2566"],
    "IIT-3": ["https://www.thaphae.go.th/procurement/2566/summary.pdf"],
    "EIT-3": ["https://www.thaphae.go.th/contact", "https://www.facebook.com/thaphae.municipality"],
}


def twelve_month_plan() -> PlanFile:
    """The seed plan with its 12-month round reported: every measure done, the officers' result
    texts, evidence links, the coordinator as preparer and the three-step chain."""
    seed = read_plan_file(EXAMPLE)
    data = seed.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    six_month = data["rounds"][0]
    memo = dict(six_month["memo"])
    memo.pop("number", None)
    memo.pop("date", None)
    memo.pop("subject", None)
    memo.pop("facts", None)
    memo["approvals"] = [
        {k: v for k, v in step.items() if k != "comment"} for step in memo["approvals"]
    ]
    progress = {
        key: {
            "status": "completed",
            "evidence": "ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน",
            "note": note,
            "urls": EVIDENCE_URLS.get(key, []),
        }
        for key, note in TWELVE_MONTH_NOTES.items()
    }
    data["rounds"].append(
        {
            "kind": "twelve_month",
            "period": {"from": "2565-10-01", "to": "2566-09-30"},
            "state": "open",
            "progress": progress,
            "memo": memo,
        }
    )
    return PlanFile.model_validate(data)


def big_plan(measures: int = 100) -> PlanFile:
    """The seed's measures repeated up to ``measures`` (bench/render.py's plan)."""
    from bench.render import big_plan as bench_big_plan

    return bench_big_plan(measures)
