"""The approval chain in the browser, on the demo data: the coordinator sends the 6-month report
up; the head of the clerk's office returns it; the coordinator sends version 2; head, clerk and
mayor approve in turn, each with a common wording; the issued memo is verified publicly."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from ita_tracker.demo import DEMO_PASSWORD, load_demo
from ita_tracker.docengine.exporters.pdf import SofficeConverter
from ita_tracker.documents import issuing
from ita_tracker.documents.models import Submission
from ita_tracker.plans.models import ReportingRound
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.django_db(transaction=True)]


def _decide(page, submission_id: int, wording: str, *, ret: bool = False) -> None:
    page.goto("/a/thaphae/documents/inbox/")
    page.locator(f"a[href='/a/thaphae/documents/submissions/{submission_id}/']").first.click()
    page.wait_for_url(f"**/a/thaphae/documents/submissions/{submission_id}/")
    # The wording buttons work once approvals.js has run: wait for the page's scripts, or a
    # click on a busy machine can come before them and do nothing, as it would for a person.
    page.wait_for_load_state("load")
    page.get_by_role("button", name=wording, exact=True).click()  # a one-click wording
    if ret:
        page.get_by_label(re.compile("^ความเห็น")).fill("กรุณาเพิ่มข้อพิจารณา")
        page.get_by_role("button", name="ส่งคืนผู้ประสานงาน").click()
        page.get_by_role("button", name="ยืนยัน ส่งคืน").click()
    else:
        assert page.get_by_label(re.compile("^ความเห็น")).input_value() == wording
        page.get_by_role("button", name="เห็นชอบและลงนาม").click()
        assert wording in page.locator("main").inner_text()  # the confirmation repeats it
        page.get_by_role("button", name="ยืนยัน เห็นชอบ").click()
    page.wait_for_url(f"**/a/thaphae/documents/submissions/{submission_id}/")


def test_the_report_goes_up_the_chain_and_comes_out_issued(open_page):
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    load_demo()
    six = ReportingRound.objects.get(kind="six_month")

    coordinator = open_page()
    log_in(coordinator, "coordinator", DEMO_PASSWORD)
    coordinator.goto(f"/a/thaphae/plans/2566/rounds/{six.pk}/")
    coordinator.get_by_role("link", name="เสนอรายงานเพื่อพิจารณา").click()
    summary = coordinator.locator("main").inner_text()
    assert "ความเห็นผู้อำนวยการกอง — หัวหน้าสำนักปลัดเทศบาล" in summary
    coordinator.get_by_role("button", name=re.compile("^เสนอ")).click()
    coordinator.wait_for_url(re.compile(r"/documents/submissions/\d+/$"))
    first = Submission.objects.get(round=six, version=1)

    head = open_page(width=390)  # on a phone
    log_in(head, "head", DEMO_PASSWORD)
    head.goto("/a/thaphae/")
    assert "รอการพิจารณา ๑" in head.locator("nav.agency-nav").inner_text()
    _decide(head, first.pk, "ทราบ", ret=True)
    assert "ส่งคืนให้แก้ไข" in head.locator("main").inner_text()

    coordinator.goto(f"/a/thaphae/documents/submissions/{first.pk}/")
    assert "กรุณาเพิ่มข้อพิจารณา" in coordinator.locator("main").inner_text()
    coordinator.goto(f"/a/thaphae/documents/rounds/{six.pk}/submit/")
    coordinator.get_by_label("ข้อพิจารณา").fill(
        "จึงเรียนมาเพื่อโปรดทราบ และประชาสัมพันธ์ผ่านช่องทางต่างๆ ของเทศบาลตำบลท่าแพต่อไป"
    )
    coordinator.get_by_role("button", name=re.compile("^เสนอ")).click()
    coordinator.wait_for_url(re.compile(r"/documents/submissions/\d+/$"))
    second = Submission.objects.get(round=six, version=2)

    _decide(head, second.pk, "เห็นควรเสนอ")
    clerk = open_page()
    log_in(clerk, "approver", DEMO_PASSWORD)
    _decide(clerk, second.pk, "เห็นชอบ")
    mayor = open_page()
    log_in(mayor, "mayor", DEMO_PASSWORD)
    _decide(mayor, second.pk, "ทราบ")
    assert "ระบบกำลังออกเลขที่" in mayor.locator("main").inner_text()

    # The worker's job, done here: the live server shares this test's database.
    converter = SofficeConverter()
    try:
        issued = issuing.issue_submission(second.pk, converter=converter)
    finally:
        converter.close()

    coordinator.goto(f"/a/thaphae/documents/submissions/{second.pk}/")
    page = coordinator.locator("main").inner_text()
    assert issued.doc_number in page
    assert "ฉบับที่ ๑" in page  # both versions are listed
    assert "ฉบับที่ ๒" in page
    for name in ("นางสายฝน ยกชู", "นางภาวดี สุปรียสุนทร", "นายจรัญ เจียจิราพัถนันท์"):
        assert name in page
    coordinator.get_by_role("link", name="หน้าตรวจสอบเอกสาร").click()
    assert "เป็นเอกสารที่ออกจากระบบ" in coordinator.locator("main").inner_text()
