"""``ita-tracker demo --no-serve`` twice: no failure, no duplicates, the plan listed after login."""

from __future__ import annotations

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


def test_it_opens_the_twelve_month_round_for_the_officers(db, client):
    assert main(["demo", "--no-serve"]) == 0
    twelve = ReportingRound.objects.get(kind="twelve_month")
    assert not twelve.is_locked
    assert client.login(username="officer-pr", password=DEMO_PASSWORD)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 4
    assert client.login(username="officer-finance", password=DEMO_PASSWORD)
    page = client.get("/a/thaphae/my-measures/").content.decode()
    assert page.count('class="progress-card') == 1  # IIT 3, with กองคลัง งานพัสดุ
