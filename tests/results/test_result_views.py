"""Entering last year's ITA result, rated by that year's rules."""

from __future__ import annotations

from decimal import Decimal

from ita_tracker.results.models import ItaResult


def _form(**overrides):
    data = {"total": "70.33", "iit": "75.10", "eit": "72.00", "oit": "65.50", "notes": ""}
    data.update({f"indicator_{n}": "" for n in range(1, 11)})
    data.update(overrides)
    return data


def test_it_saves_the_result_and_shows_its_band(client, coordinator, plan_a):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/results/2565/", _form(indicator_9="61.25"), follow=True)
    page = response.content.decode()
    assert "ระดับตามเกณฑ์ปี 2565: C" in page
    result = ItaResult.objects.get(agency=plan_a.agency, fiscal_year__be_year=2565)
    assert result.iit is not None
    assert result.indicator_scores.get().score == Decimal("61.25")


def test_it_warns_when_the_total_does_not_match_the_tools(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.post("/a/thaphae/results/2565/", _form(total="90"), follow=True).content.decode()
    assert "คะแนนรวมไม่ตรงกับที่คำนวณจากคะแนนเครื่องมือ" in page


def test_it_refuses_scores_above_100(client, coordinator, plan_a):
    client.force_login(coordinator)
    response = client.post("/a/thaphae/results/2566/", _form(total="101"))
    assert response.status_code == 200
    assert not ItaResult.objects.filter(fiscal_year__be_year=2566).exists()


def test_it_lets_readers_see_but_not_change(client, viewer, officer_b, plan_a):
    client.force_login(viewer)
    page = client.get("/a/thaphae/results/2565/").content.decode()
    assert "70.33" in page
    assert "<form" not in page.split('<main id="main">')[1]
    assert client.post("/a/thaphae/results/2565/", _form(total="99")).status_code == 403
    client.force_login(officer_b)
    assert client.post("/a/thaphae/results/2565/", _form(total="99")).status_code == 404
    assert ItaResult.objects.get(fiscal_year__be_year=2565).total == Decimal("70.33")


def test_it_answers_404_for_a_year_without_a_catalogue(client, coordinator, plan_a):
    client.force_login(coordinator)
    assert client.get("/a/thaphae/results/2400/").status_code == 404
