"""The year in the browser: the coordinator writes a plan with two measures and, once it is
approved, opens the 6-month round; an officer of another division sees only her measure and
marks it completed with an evidence link; the coordinator sees the board change and the history
entry."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Agency, Membership, OrgUnit, Role
from ita_tracker.plans.models import MeasurePlan, PlanState, ProgressEntry
from tests.browser.conftest import log_in

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def municipality(django_user_model):
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    agency = Agency.objects.create(
        name="เทศบาลตำบลท่าแพ",
        short_name="ทต.ท่าแพ",
        slug="thaphae",
        head_position="นายกเทศมนตรีตำบลท่าแพ",
    )
    office = OrgUnit.objects.create(
        agency=agency, name="สำนักปลัดเทศบาล", short_name="สำนักปลัด", order=1
    )
    OrgUnit.objects.create(agency=agency, parent=office, name="งานธุรการ", order=1)
    finance = OrgUnit.objects.create(agency=agency, name="กองคลัง", order=2)
    OrgUnit.objects.create(agency=agency, parent=finance, name="งานพัสดุ", order=1)
    coordinator = django_user_model.objects.create_user(
        username="kamonthip", password=PASSWORD, first_name="กมลทิพย์", last_name="วัจนะพันธ์"
    )
    Membership.objects.create(user=coordinator, agency=agency, role=Role.COORDINATOR)
    officer = django_user_model.objects.create_user(
        username="saifon", password=PASSWORD, first_name="สายฝน", last_name="ยกชู"
    )
    Membership.objects.create(user=officer, agency=agency, role=Role.UNIT_OFFICER).units.set(
        [finance]
    )
    return agency


def _add_measure(page, tool: str, title: str, step: str, unit_label: str) -> None:
    page.get_by_role("link", name=f"+ เพิ่มมาตรการ {tool}").click()
    page.get_by_label(re.compile(r"^มาตรการ:?$")).fill(title)
    page.get_by_label("วิธีดำเนินการ").fill(f"- {step}\n- รายงานผลต่อผู้บริหาร")
    page.get_by_label(unit_label, exact=True).check()
    page.get_by_label("ตั้งแต่เดือน").fill("ต.ค.๖๕")
    page.get_by_label("ถึงเดือน").fill("๓/๒๕๖๖")
    page.get_by_label("การติดตามประเมินผล").fill("รายงานผลการดำเนินการในการประชุมประจำเดือน")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    page.wait_for_url(re.compile(r"/a/thaphae/plans/2566/#measure-\d+$"))


def test_the_coordinator_plans_the_officer_reports_and_the_board_shows_it(municipality, open_page):
    coordinator = open_page()
    log_in(coordinator, "kamonthip", PASSWORD)

    # A new plan for fiscal year 2566, empty.
    coordinator.goto("/a/thaphae/plans/new/")
    coordinator.get_by_label("ปีงบประมาณ").select_option(label="ปีงบประมาณ พ.ศ. ๒๕๖๖")
    coordinator.get_by_role("button", name="สร้างแผน").click()
    coordinator.wait_for_url("**/a/thaphae/plans/2566/")

    _add_measure(
        coordinator,
        "IIT",
        "ประกาศนโยบายไม่รับของขวัญ (No Gift Policy)",
        "ประชุมคณะผู้บริหารเพื่อประกาศนโยบาย",
        "สำนักปลัด งานธุรการ",
    )
    _add_measure(
        coordinator,
        "OIT",
        "เปิดเผยข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์หลัก",
        "ปรับปรุงหน้าเว็บจัดซื้อจัดจ้าง",
        "กองคลัง งานพัสดุ",
    )
    plan_page = coordinator.locator("main")
    assert "ต.ค.๖๕ – มี.ค.๖๖" in plan_page.inner_text()
    assert plan_page.locator("article.measure").count() == 2

    # Rounds open on an approved plan only; the approval chain itself is walked through in
    # test_approval_chain.py, so here the plan is approved in the data.
    MeasurePlan.objects.filter(agency__slug="thaphae", fiscal_year__be_year=2566).update(
        state=PlanState.APPROVED
    )
    coordinator.reload()

    # Open the 6-month round with its default period.
    coordinator.get_by_role("link", name="เปิดรอบรายงาน").click()
    coordinator.get_by_label("รอบ ๖ เดือน").check()
    coordinator.get_by_role("button", name="เปิดรอบรายงาน").click()
    coordinator.wait_for_url(re.compile(r"/rounds/\d+/board/$"))
    board_url = coordinator.url
    assert coordinator.locator("tr.stale").count() == 2

    # The finance officer sees only the measure of her division…
    officer = open_page(width=390)  # on her phone
    log_in(officer, "saifon", PASSWORD)
    officer.goto("/a/thaphae/my-measures/")
    cards = officer.locator("article.progress-card")
    assert cards.count() == 1
    card = cards.first
    assert "เปิดเผยข้อมูลการจัดซื้อจัดจ้าง" in card.inner_text()
    assert "No Gift Policy" not in officer.locator("main").inner_text()

    # …marks it completed (saved at once by htmx) and adds the evidence link.
    card.get_by_label("ดำเนินการเสร็จเรียบร้อยแล้ว").check()
    card.get_by_text("บันทึกสถานะแล้ว").wait_for()
    card.get_by_label("ลิงก์หลักฐาน").fill("https://www.thaphae.go.th/procurement/2566")
    card.get_by_role("button", name="บันทึกผลการดำเนินงานและลิงก์").click()
    officer.locator("article.progress-card").first.get_by_text("บันทึกแล้ว").wait_for()
    assert officer.url.endswith("/a/thaphae/my-measures/")  # no page load: htmx swapped the card

    entry = ProgressEntry.objects.get(measure__title__startswith="เปิดเผยข้อมูล")
    assert entry.status == "completed"
    assert entry.urls == ["https://www.thaphae.go.th/procurement/2566"]

    # The coordinator's board shows the change…
    coordinator.goto(board_url)
    row = coordinator.locator("tr", has_text="เปิดเผยข้อมูลการจัดซื้อจัดจ้าง")
    assert "stale" not in (row.get_attribute("class") or "")
    assert row.locator("td[data-label='ดำเนินการเสร็จเรียบร้อยแล้ว'] .tick").count() == 1
    assert "สายฝน ยกชู" in row.inner_text()
    assert coordinator.locator("tr.stale").count() == 1
    assert "แล้วเสร็จ ๑ จาก ๑ (๑๐๐%)" in coordinator.locator("main").inner_text()

    # …and the history entry: who, when (Buddhist era), from which status to which.
    row.get_by_role("link", name=re.compile("เปิดเผยข้อมูลการจัดซื้อจัดจ้าง")).click()
    history = coordinator.locator(".history-panel")
    text = history.inner_text()
    assert "รายงานผลการดำเนินการ" in text
    assert "สายฝน ยกชู" in text
    assert re.search(r"[๐-๙]{1,2} \S+ ๒๕[๐-๙]{2} [๐-๙]{2}:[๐-๙]{2} น\.", text)
    status_row = history.locator("tr", has_text="สถานะ").first
    assert "ยังไม่ดำเนินการ" in status_row.inner_text()
    assert "ดำเนินการเสร็จเรียบร้อยแล้ว" in status_row.inner_text()
