"""``ita-tracker demo --no-serve`` twice: no failure, no duplicates, the plan listed after login."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from ita_tracker.agencies.models import Agency, Membership, Signatory
from ita_tracker.cli import main
from ita_tracker.demo import ACCOUNTS, DEMO_PASSWORD
from ita_tracker.plans.models import Measure, MeasurePlan, ReportingRound


def _counts():
    return (
        Agency.objects.count(),
        MeasurePlan.objects.count(),
        Measure.objects.count(),
        Membership.objects.count(),
        Signatory.objects.count(),
        get_user_model().objects.count(),
        ReportingRound.objects.count(),
    )


def test_it_sets_up_the_demo_twice_without_duplicates(db, capsys, client):
    assert main(["demo", "--no-serve"]) == 0
    first = _counts()
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for account in ACCOUNTS:
        assert account.username in out
    assert main(["demo", "--no-serve"]) == 0
    assert _counts() == first
    assert first[:3] == (1, 1, 10)
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    page = client.get("/").content.decode()
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in page
    assert "2566" in page


def test_it_leaves_the_six_month_report_open_for_the_officers(db, client):
    assert main(["demo", "--no-serve"]) == 0
    six = ReportingRound.objects.get(kind="six_month")
    assert not six.is_locked
    assert not ReportingRound.objects.filter(kind="twelve_month").exists()
    assert client.login(username="officer-pr", password=DEMO_PASSWORD)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 4
    assert client.login(username="officer-finance", password=DEMO_PASSWORD)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 1  # IIT 3, with กองคลัง งานพัสดุ


def test_it_gives_every_document_kind_the_seed_chain(db):
    from ita_tracker.documents.chains import steps_of
    from ita_tracker.documents.models import ApprovalChain, DocumentKind

    assert main(["demo", "--no-serve"]) == 0
    agency = Agency.objects.get()
    for kind in DocumentKind:
        assert [s.holder.user.username for s in steps_of(agency, kind)] == [
            "head",
            "approver",
            "mayor",
        ], kind
    # A demo database made before the analysis report was a kind gets its chain on the next run.
    ApprovalChain.objects.filter(kind=DocumentKind.ANALYSIS_REPORT).delete()
    assert main(["demo", "--no-serve"]) == 0
    assert len(steps_of(agency, DocumentKind.ANALYSIS_REPORT)) == 3
    assert ApprovalChain.objects.count() == len(DocumentKind)


@pytest.mark.soffice
def test_it_walks_the_seed_report_up_the_seed_chain(db, client, django_capture_on_commit_callbacks):
    """The demo of issue 7: coordinator → head of the clerk's office → clerk → mayor ("ทราบ")
    through the pages, then the worker issues the memo with all three blocks."""
    from ita_tracker.docengine.exporters.pdf import SofficeConverter
    from ita_tracker.documents import issuing
    from ita_tracker.documents.models import Submission
    from tests.documents.helpers import pdftotext, skeleton

    assert main(["demo", "--no-serve"]) == 0
    six = ReportingRound.objects.get(kind="six_month")
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/a/thaphae/documents/rounds/{six.pk}/submit/", {})
    submission = Submission.objects.get(round=six)
    for username, comment in (("head", "เห็นควรเสนอ"), ("approver", "เห็นชอบ"), ("mayor", "ทราบ")):
        assert client.login(username=username, password=DEMO_PASSWORD)
        inbox = client.get("/a/thaphae/documents/inbox/").content.decode()
        assert f"/a/thaphae/documents/submissions/{submission.pk}/" in inbox
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                f"/a/thaphae/documents/submissions/{submission.pk}/decide/",
                {"action": "approve", "comment": comment, "confirm": "yes"},
            )
    converter = SofficeConverter()
    try:
        issued = issuing.issue_submission(submission.pk, converter=converter)
    finally:
        converter.close()
    text = skeleton(pdftotext(issued.pdf.read(), "-raw"))
    for piece in (
        "ความเห็นผู้อำนวยการกอง", "เห็นควรเสนอ", "(นางสายฝน ยกชู)", "หัวหน้าสำนักปลัดเทศบาล",
        "ความเห็นปลัดเทศบาล", "เห็นชอบ", "(นางภาวดี สุปรียสุนทร)", "ปลัดเทศบาลตำบลท่าแพ",
        "ความเห็นนายกเทศมนตรี", "ทราบ", "(นายจรัญ เจียจิราพัถนันท์)", "นายกเทศมนตรีตำบลท่าแพ",
        "(นางสาวกมลทิพย์ วัจนะพันธ์)", "นักจัดการงานทั่วไปชำนาญการ", "ที่ นศ ๕๓๓๐๑/๑",
    ):  # fmt: skip
        assert skeleton(piece) in text, piece
    assert client.get(f"/verify/{issued.code}/").status_code == 200


def test_it_has_tha_phae_results_history_and_the_analysis_adds_to_the_2567_draft(db, client):
    from decimal import Decimal

    from ita_tracker.results.models import ItaResult

    assert main(["demo", "--no-serve"]) == 0
    results = {r.fiscal_year.be_year: r for r in ItaResult.objects.all()}
    assert set(results) == {2564, 2565}
    assert results[2565].total == Decimal("70.33")
    assert results[2565].rating == "C"
    assert results[2565].level_written == "C"
    assert results[2565].is_example  # the indicator figures are marked as an example
    assert results[2565].indicator_scores.count() == 10
    assert client.login(username="coordinator", password=DEMO_PASSWORD)
    page = client.get("/a/thaphae/results/2565/analysis/").content.decode()
    assert "ตัวเลขตัวอย่าง" in page or "เป็นตัวอย่าง" in page
    assert page.index("๑๐. การป้องกันการทุจริต") < page.index("๙. การเปิดเผยข้อมูล")
    assert "O42" in page
    response = client.post(
        "/a/thaphae/results/2565/analysis/propose/",
        {"suggestion": "i10-ita-analysis", "indicator": "10", "plan_year": "2567"},
    )
    assert response.status_code == 302
    draft = MeasurePlan.objects.get(fiscal_year__be_year=2567)
    assert draft.state == "draft"
    assert draft.measures.get().indicators.get().number == 10
    assert main(["demo", "--no-serve"]) == 0
    assert ItaResult.objects.count() == 2
