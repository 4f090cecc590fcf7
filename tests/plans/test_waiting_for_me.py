"""What waits for me: an officer's home is her measures of the open round, and she is told when
her part is complete."""

from __future__ import annotations

from ita_tracker.lib.thai_digits import to_thai_digits
from ita_tracker.plans.models import ProgressEntry
from ita_tracker.plans.services.progress import update_progress


def _mine(open_round):
    return ProgressEntry.objects.filter(
        round=open_round, measure__responsibilities__unit__name="งานประชาสัมพันธ์"
    ).distinct()


def test_it_opens_an_officers_measures_while_a_round_is_open(client, officer, open_round):
    client.force_login(officer)
    assert client.get("/a/thaphae/")["Location"] == "/a/thaphae/my-measures/"


def test_it_opens_the_dashboard_for_the_coordinator(client, coordinator, open_round):
    client.force_login(coordinator)
    assert client.get("/a/thaphae/")["Location"] == "/a/thaphae/dashboard/2566/"


def test_it_opens_the_dashboard_for_an_officer_when_no_round_is_open(client, officer, plan_a):
    client.force_login(officer)
    assert client.get("/a/thaphae/")["Location"] == "/a/thaphae/dashboard/2566/"


def test_it_tells_an_officer_how_many_are_left_and_when_her_part_is_complete(
    client, officer, open_round
):
    client.force_login(officer)
    entries = list(_mine(open_round))
    assert len(entries) > 1
    page = client.get("/a/thaphae/my-measures/").content.decode()
    left = to_thai_digits(len(entries))  # the agency writes its screens in Thai digits
    assert f"ยังไม่รายงานผลในรอบนี้ {left} มาตรการ" in page
    assert "ส่วนของคุณครบแล้ว" not in page
    for entry in entries:
        update_progress(entry, acting_user=officer, status=entry.status)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert "ส่วนของคุณครบแล้ว" in page
