"""The national result list page in Chromium: a site administrator checks a wrong file (every
problem located, Thai only, nothing written), then a good one (the counts), and imports it.
axe finds no serious or critical problem on the three states of the page."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from ita_tracker.demo import load_demo
from ita_tracker.results.models import ItaResult
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in
from tests.results.test_import_results_command import NATIONAL

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


def _file(text: str) -> dict[str, object]:
    return {"name": "ita-2568.csv", "mimeType": "text/csv", "buffer": text.encode("utf-8-sig")}


def test_a_site_admin_checks_and_imports_the_national_list(open_page, django_user_model):
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    load_demo()
    django_user_model.objects.create_superuser(username="root", password=PASSWORD)

    page = open_page()
    log_in(page, "root", PASSWORD)
    page.get_by_role("link", name="นำเข้าผลการประเมินระดับประเทศ").click()
    page.wait_for_url("**/site/results/import/")
    assert serious_violations(page) == []

    page.get_by_label("ไฟล์ผลการประเมินระดับประเทศ (CSV หรือ XLSX)").set_input_files(
        _file(NATIONAL.replace("89.99,ผ่าน", "8x.99,ผ่าน"))
    )
    page.get_by_label("ปีที่ประเมิน (พ.ศ.)").fill("2568")
    page.get_by_role("button", name="ตรวจไฟล์").click()
    errors = page.get_by_role("alert").first.inner_text()
    assert "แถว 2 คอลัมน์ H (คะแนนรวม)" in errors
    assert "row 2" not in page.locator("main").inner_text()
    assert not ItaResult.objects.filter(fiscal_year__be_year=2568).exists()
    assert serious_violations(page) == []

    page.get_by_label("ไฟล์ผลการประเมินระดับประเทศ (CSV หรือ XLSX)").set_input_files(_file(NATIONAL))
    page.get_by_label("ปีที่ประเมิน (พ.ศ.)").fill("2568")
    page.get_by_role("button", name="ตรวจไฟล์").click()
    held = page.locator("main").inner_text()
    assert "ita-2568.csv" in held
    assert "หน่วยงานที่ไม่อยู่ในระบบนี้" in held  # the skipped row
    assert serious_violations(page) == []
    page.get_by_role("button", name="นำเข้าผลการประเมินเหล่านี้ (ทั้งหมดหรือไม่นำเข้าเลย)").click()
    page.wait_for_url("**/site/results/import/")
    assert "นำเข้าแล้ว" in page.locator("main").inner_text() or "นำเข้าแล้ว" in page.content()
    assert ItaResult.objects.filter(fiscal_year__be_year=2568).count() == 1
