"""The coordinator starts from what the agency has: the Tha Phae memo (DOCX) uploaded,
previewed and confirmed gives the plan with its 6-month statuses; then the plan's Excel table,
edited and saved by LibreOffice Calc, goes back in the same way."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from ita_tracker.agencies.models import Membership, Role
from ita_tracker.docengine.render import render_document
from ita_tracker.planfile.reader import read_plan_file
from ita_tracker.plans.models import MeasurePlan, ProgressEntry
from ita_tracker.plans.planfile.importer import import_plan
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in
from tests.conftest import EXAMPLE

PASSWORD = "correct horse battery staple"
pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.django_db(transaction=True)]
IIT2 = "การเผยแพร่ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปี"


@pytest.fixture
def thaphae(django_user_model):
    """Tha Phae with its units and no plan for 2566 yet; the coordinator."""
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    plan = import_plan(read_plan_file(EXAMPLE), acting_user=None)
    agency = plan.agency
    plan.delete()
    user = django_user_model.objects.create_user(username="kamonthip", password=PASSWORD)
    Membership.objects.create(user=user, agency=agency, role=Role.COORDINATOR)
    return agency


def _calc(source: Path, fmt: str, out: Path, profile: Path) -> Path:
    """Open ``source`` in LibreOffice Calc (headless) and save it as ``fmt``."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return out / (source.stem + "." + fmt.split(":")[0])


def _upload(page, path: Path) -> None:
    page.goto("/a/thaphae/plans/")
    page.get_by_role("link", name="นำเข้าจาก Word หรือ Excel").click()
    page.get_by_label("ปีงบประมาณที่จะนำเข้า").select_option(label="ปีงบประมาณ พ.ศ. ๒๕๖๖")
    page.get_by_label("ไฟล์ Word Excel หรือ CSV").set_input_files(str(path))
    page.get_by_role("button", name="อ่านไฟล์").click()
    page.get_by_role("heading", name=re.compile("ตรวจสอบการนำเข้าไฟล์")).wait_for()


def test_the_coordinator_imports_the_memo_then_an_excel_table_saved_by_calc(
    thaphae, open_page, tmp_path
):
    memo = tmp_path / "thaphae-2566-6month-report.docx"
    memo.write_bytes(render_document(read_plan_file(EXAMPLE), round_index=0, fmt="docx"))
    page = open_page()
    log_in(page, "kamonthip", PASSWORD)

    # The memo: preview, then confirm.
    _upload(page, memo)
    rows = page.locator("table.import-preview tbody tr")
    assert rows.count() == 10
    assert page.get_by_text("มาตรการที่อ่านได้สำหรับแผนปีงบประมาณ ๒๕๖๖: ๑๐").is_visible()
    first = rows.first
    assert "ดำเนินการเสร็จเรียบร้อยแล้ว" in first.inner_text()
    assert "(ตรวจสอบได้จากเว็บไซต์ของหน่วยงาน)" in first.inner_text()
    assert not MeasurePlan.objects.exists()  # nothing written before the confirmation
    assert serious_violations(page) == []
    page.get_by_role("button", name="ยืนยันและบันทึกแผน").click()
    page.wait_for_url("**/a/thaphae/plans/2566/")
    assert page.get_by_text("นำเข้ามาตรการจาก thaphae-2566-6month-report.docx").is_visible()
    plan = MeasurePlan.objects.get()
    statuses = list(ProgressEntry.objects.filter(round__plan=plan).values_list("status", flat=True))
    assert (statuses.count("completed"), statuses.count("in_progress")) == (8, 2)

    # The plan's Excel table, downloaded from the plan page ...
    with page.expect_download() as download:
        page.get_by_role("link", name="ตาราง Excel").click()
    exported = tmp_path / "thaphae-2566.xlsx"
    download.value.save_as(exported)
    # ... opened in LibreOffice Calc, IIT-2 marked completed, saved again as XLSX by Calc.
    profile = tmp_path / "lo-profile"
    flat = _calc(exported, "fods", tmp_path / "calc", profile)
    text = flat.read_text(encoding="utf-8")
    at = text.index(IIT2)
    status_at = text.index("อยู่ระหว่างดำเนินการ", at)
    text = text[:status_at] + "ดำเนินการเสร็จเรียบร้อยแล้ว" + text[status_at + len("อยู่ระหว่างดำเนินการ") :]
    flat.write_text(text, encoding="utf-8")
    edited = _calc(flat, "xlsx:Calc MS Excel 2007 XML", tmp_path / "edited", profile)

    _upload(page, edited)
    changed = page.locator("table.import-preview tbody tr", has_text=IIT2)
    assert "เปลี่ยนแปลง" in changed.inner_text()
    assert "สถานะ" in changed.inner_text()
    page.get_by_role("button", name="ยืนยันและบันทึกแผน").click()
    page.wait_for_url("**/a/thaphae/plans/2566/")
    plan = MeasurePlan.objects.get()
    entry = ProgressEntry.objects.get(round__plan=plan, measure__title=IIT2)
    assert entry.status == "completed"
    statuses = list(ProgressEntry.objects.filter(round__plan=plan).values_list("status", flat=True))
    assert statuses.count("completed") == 9
