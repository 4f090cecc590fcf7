"""Opening a round, its page, the progress board, and submit / reopen / approve."""

from __future__ import annotations

import datetime as dt
import re

from ita_tracker.plans.models import ProgressEntry, ReportingRound, RoundState
from ita_tracker.plans.services.progress import update_progress
from tests.conftest import measure_of


def test_it_opens_the_twelve_month_round_with_its_default_period(client, coordinator, plan_a):
    client.force_login(coordinator)
    form = client.get("/a/thaphae/plans/2566/rounds/new/").content.decode()
    assert "๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖" in form
    response = client.post(
        "/a/thaphae/plans/2566/rounds/new/",
        {"kind": "twelve_month", "label": "", "period_start": "", "period_end": ""},
    )
    round_ = ReportingRound.objects.get(plan=plan_a, kind="twelve_month")
    assert response["Location"] == f"/a/thaphae/plans/2566/rounds/{round_.pk}/board/"
    assert (round_.period_start, round_.period_end) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


def test_it_reads_round_dates_typed_with_thai_digits(client, coordinator, plan_a):
    client.force_login(coordinator)
    client.post(
        "/a/thaphae/plans/2566/rounds/new/",
        {
            "kind": "other",
            "label": "รอบ ๙ เดือน",
            "period_start": "๑/๑๐/๒๕๖๕",
            "period_end": "30/6/2566",
        },
    )
    round_ = ReportingRound.objects.get(plan=plan_a, kind="other")
    assert (round_.period_start, round_.period_end) == (dt.date(2022, 10, 1), dt.date(2023, 6, 30))


def test_it_explains_a_date_it_cannot_read(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.post(
        "/a/thaphae/plans/2566/rounds/new/",
        {"kind": "other", "label": "x", "period_start": "31/2/2566", "period_end": ""},
    ).content.decode()
    assert "ไม่มีวันที่นี้ในปฏิทิน" in page
    assert not ReportingRound.objects.filter(kind="other").exists()


def test_it_highlights_measures_without_an_update_and_counts_completion_per_tool(
    client, coordinator, officer, open_round
):
    update_progress(
        ProgressEntry.objects.get(round=open_round, measure=measure_of(open_round.plan, "OIT", 1)),
        acting_user=officer,
        status="completed",
    )
    client.force_login(coordinator)
    page = client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/board/").content.decode()
    assert page.count('class="badge stale"') == 9
    assert len(re.findall(r'<tr id="row-\d+" class="[^"]* stale"', page)) == 9
    assert "แล้วเสร็จ ๑ จาก ๑ (๑๐๐%)" in page  # OIT
    assert "แล้วเสร็จ ๓ จาก ๕ (๖๐%)" in page  # IIT, carried over from the 6-month round
    assert "officer" in page


def test_it_lets_the_coordinator_submit_and_the_chain_approve(
    client, coordinator, chain_a, officer, open_round
):
    url = f"/a/thaphae/documents/rounds/{open_round.pk}/submit/"
    for user in (officer, chain_a[1]):
        client.force_login(user)
        assert client.post(url, {}).status_code == 403
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "มาตรการ ๑๐ จาก ๑๐ รายการยังไม่มีการรายงานในรอบนี้" in page or "10 จาก 10" in page
    client.post(url, {})
    open_round.refresh_from_db()
    assert open_round.state == RoundState.SUBMITTED
    page = client.get(f"/a/thaphae/plans/2566/rounds/{open_round.pk}/").content.decode()
    assert "ผลการดำเนินการจึงถูกล็อกไว้" in page
    submission = open_round.submissions.get()
    for user in chain_a:
        client.force_login(user)
        client.post(
            f"/a/thaphae/documents/submissions/{submission.pk}/decide/",
            {"action": "approve", "comment": "ทราบ", "confirm": "yes"},
        )
    open_round.refresh_from_db()
    assert open_round.state == RoundState.APPROVED


def test_it_answers_404_to_another_agencys_round_actions(client, officer_b, open_round):
    client.force_login(officer_b)
    url = f"/a/thaphae/documents/rounds/{open_round.pk}/submit/"
    assert client.post(url, {}).status_code == 404
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN


def test_it_leaves_room_for_the_document_buttons(client, coordinator, open_round):
    client.force_login(coordinator)
    for url in ("/a/thaphae/plans/2566/", f"/a/thaphae/plans/2566/rounds/{open_round.pk}/"):
        assert '<section class="documents"' in client.get(url).content.decode()


def test_the_confirmation_page_says_when_the_pdf_will_be_unsigned(
    client, coordinator, chain_a, open_round
):
    """No signing certificate: said on the page the report goes up from, before it is issued
    with "–" as its signer."""
    client.force_login(coordinator)
    page = client.get(f"/a/thaphae/documents/rounds/{open_round.pk}/submit/").content.decode()
    assert "PDF ที่ออกจะไม่มีลายมือชื่อดิจิทัล" in page
