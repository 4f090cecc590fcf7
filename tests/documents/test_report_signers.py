"""The 12-month report as the web app makes it: the officers' results and links, the preparer
from the coordinator, one approval block per step of the agency's chain, in the draft and while
it goes up the chain."""

from __future__ import annotations

from typing import Any

from ita_tracker.agencies.models import Membership
from ita_tracker.documents import approvals, chains
from ita_tracker.documents.services import render_draft
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import update_progress
from tests.conftest import SEED_CHAIN
from tests.documents.helpers import paragraph_texts

NOTE = "เวียนหนังสือแจ้งแผนการใช้จ่ายงบประมาณทุกส่วนราชการ และชี้แจงในที่ประชุมประจำเดือนพนักงาน"
URL = "https://www.thaphae.go.th/news/no-gift-policy-2566"


def _text(round_: Any) -> str:
    docx = render_draft(plan=round_.plan, round_=round_, fmt="docx").data
    return "\n".join(paragraph_texts(docx))


def test_the_draft_prints_the_officers_results_and_links(coordinator, chain_a, open_round):
    entry = ProgressEntry.objects.filter(round=open_round).order_by("measure__order").first()
    assert entry is not None
    update_progress(entry, acting_user=coordinator, status="completed", note=NOTE, urls=[URL])
    text = _text(open_round)
    assert "ผลการดำเนินงาน / หลักฐาน" in text
    assert NOTE in text
    assert "thaphae.go.th/…/no-gift-policy-2566" in text  # the link keeps the whole address


def test_the_draft_names_the_coordinator_as_preparer_with_position(chain_a, open_round):
    text = _text(open_round)
    assert "(นางสาวกมลทิพย์ วัจนะพันธ์)" in text
    assert "นักจัดการงานทั่วไปชำนาญการ" in text


def test_the_draft_prints_one_block_per_step_of_the_agencys_chain(
    agency_a, chain_a, open_round, mayor
):
    # The chain set now: two steps, not the three the 6-month memo went through.
    membership = Membership.objects.get(user=mayor, agency=agency_a)
    chains.set_chain(
        agency=agency_a,
        kind="progress_report",
        steps=[
            chains.StepSpec(heading="ความเห็นรองนายกเทศมนตรี", position="รองนายก", holder=membership),
            chains.StepSpec(
                heading="ความเห็นนายกเทศมนตรี", position="นายกเทศมนตรีตำบลท่าแพ", holder=membership
            ),
        ],
        acting_user=None,
    )
    text = _text(open_round)
    assert "ความเห็นรองนายกเทศมนตรี" in text
    assert "ความเห็นนายกเทศมนตรี" in text
    assert "ความเห็นปลัดเทศบาล" not in text
    assert text.count("(นายจรัญ เจียจิราพัถนันท์)") == 2


def test_a_report_going_up_prints_the_blocks_still_to_sign(
    coordinator, chain_a, open_round, django_capture_on_commit_callbacks
):
    head = chain_a[0]
    with django_capture_on_commit_callbacks(execute=True):
        submission = approvals.submit_round_report(open_round, acting_user=coordinator)
        approvals.approve_step(submission, acting_user=head, comment="เห็นควรเสนอ")
    open_round.refresh_from_db()
    text = _text(open_round)
    for _, heading, position, name in SEED_CHAIN:
        assert heading in text
        assert f"({name})" in text
        assert position in text
    assert "เห็นควรเสนอ" in text  # the decision given so far
