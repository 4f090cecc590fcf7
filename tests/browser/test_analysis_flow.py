"""From last year's result to this year's measures, in the browser, on the demo data: the
coordinator opens the analysis of Tha Phae's 2565 result, sees the weak indicators, adds a
proposed measure to the FY2567 draft plan, and sends the analysis report up its chain; head,
clerk and mayor approve it; it comes out numbered. axe finds no serious problem on the pages."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from ita_tracker.demo import DEMO_PASSWORD, load_demo
from ita_tracker.docengine.exporters.pdf import SofficeConverter
from ita_tracker.documents import issuing
from ita_tracker.documents.models import Submission
from ita_tracker.plans.models import Measure
from tests.browser.axe import serious_violations
from tests.browser.conftest import log_in
from tests.browser.test_approval_chain import _decide

pytestmark = [pytest.mark.browser, pytest.mark.soffice, pytest.mark.django_db(transaction=True)]

ANALYSIS = "/a/thaphae/results/2565/analysis/"


def test_the_analysis_leads_to_a_measure_and_an_issued_report(open_page):
    call_command("load_frameworks", verbosity=0)  # transactional tests start from an empty DB
    load_demo()

    coordinator = open_page()
    log_in(coordinator, "coordinator", DEMO_PASSWORD)
    coordinator.goto(ANALYSIS)
    main = coordinator.locator("main").inner_text()
    # The weakest first: indicator 10 (41.81) is the furthest below the pass line (85).
    weak = coordinator.locator("tr.row-weak").all_inner_texts()
    assert weak, "no weak indicator shown"
    assert "๑๐. การป้องกันการทุจริต" in weak[0]
    assert "O42" in main  # the OIT item the agency lacked
    assert serious_violations(coordinator) == []

    # One click: the first proposed measure goes into the FY2567 draft plan, to edit there.
    suggestions = coordinator.locator("ul.suggestions").first
    title = suggestions.locator("li strong").first.inner_text()
    suggestions.get_by_role("button", name="เพิ่มเข้าแผน").first.click()
    coordinator.wait_for_url(re.compile(r"/a/thaphae/plans/2567/measures/\d+/edit/$"))
    added = Measure.objects.get(plan__fiscal_year__be_year=2567, title=title)
    assert added.indicators.exists()

    coordinator.goto(ANALYSIS)
    assert "อยู่ในแผนแล้ว" in coordinator.locator("main").inner_text()

    # The analysis report up its chain.
    coordinator.get_by_role("link", name="เสนอขอความเห็นชอบ").click()
    coordinator.wait_for_url("**/documents/results/2565/analysis/submit/")
    summary = coordinator.locator("main").inner_text()
    assert "ความเห็นผู้อำนวยการกอง — หัวหน้าสำนักปลัดเทศบาล" in summary
    assert "ตารางวิเคราะห์ ๑๐ แถว" in summary
    assert serious_violations(coordinator) == []
    coordinator.get_by_role("button", name=re.compile("^เสนอ")).click()
    coordinator.wait_for_url(re.compile(r"/documents/submissions/\d+/$"))
    submission = Submission.objects.get(kind="analysis_report")
    assert submission.plan.fiscal_year.be_year == 2566

    head = open_page()
    log_in(head, "head", DEMO_PASSWORD)
    head.goto("/a/thaphae/")
    assert "รอการพิจารณา ๑" in head.locator("nav.agency-nav").inner_text()
    _decide(head, submission.pk, "เห็นควรเสนอ")
    clerk = open_page()
    log_in(clerk, "approver", DEMO_PASSWORD)
    _decide(clerk, submission.pk, "เห็นชอบ")
    mayor = open_page()
    log_in(mayor, "mayor", DEMO_PASSWORD)
    _decide(mayor, submission.pk, "ทราบ")

    # The worker's job, done here: the live server shares this test's database.
    converter = SofficeConverter()
    try:
        issued = issuing.issue_submission(submission.pk, converter=converter)
    finally:
        converter.close()
    assert issued is not None

    coordinator.goto(ANALYSIS)
    assert issued.doc_number in coordinator.locator("#approval").inner_text()
    coordinator.locator("#approval a").first.click()
    page = coordinator.locator("main").inner_text()
    assert issued.doc_number in page
    for name in ("นางสายฝน ยกชู", "นางภาวดี สุปรียสุนทร", "นายจรัญ เจียจิราพัถนันท์"):
        assert name in page
    assert serious_violations(coordinator) == []
