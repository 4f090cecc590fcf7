"""``ita-tracker demo --no-serve`` twice: no failure, no duplicates, the plan listed after login."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from ita_tracker.agencies.models import Agency, Membership, Signatory
from ita_tracker.cli import main
from ita_tracker.demo import ACCOUNTS, DEMO_PASSWORD
from ita_tracker.plans.models import Measure, MeasurePlan


def _counts():
    return (
        Agency.objects.count(),
        MeasurePlan.objects.count(),
        Measure.objects.count(),
        Membership.objects.count(),
        Signatory.objects.count(),
        get_user_model().objects.count(),
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
