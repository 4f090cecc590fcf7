"""Entering last year's ITA result, rated by that year's rules."""

from __future__ import annotations

from decimal import Decimal

import pytest

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
    assert "ระดับตามเกณฑ์ปี ๒๕๖๕: C" in page
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
    assert "๗๐.๓๓" in page
    assert "<form" not in page.split('<main id="main">')[1]
    assert client.post("/a/thaphae/results/2565/", _form(total="99")).status_code == 403
    client.force_login(officer_b)
    assert client.post("/a/thaphae/results/2565/", _form(total="99")).status_code == 404
    assert ItaResult.objects.get(fiscal_year__be_year=2565).total == Decimal("70.33")


def test_it_answers_404_for_a_year_without_a_catalogue(client, coordinator, plan_a):
    client.force_login(coordinator)
    assert client.get("/a/thaphae/results/2400/").status_code == 404


@pytest.mark.parametrize(
    ("written", "year", "total", "band"),
    [
        ("ผ่านดี", 2568, "88.00", "ผ่านดี"),
        ("AA", 2565, "96.10", "AA"),
        ("(ผ่าน) ระดับ AA", 2565, "96.10", "AA"),
        ("A และ ผ่าน", 2565, "88.00", "A"),
        ("สูงมาก", 2565, "96.10", "AA"),
    ],
)
def test_it_stores_every_level_wording_as_written_with_the_computed_band(
    client, coordinator, plan_a, written, year, total, band
):
    client.force_login(coordinator)
    form = _form(total=total, iit="90", eit="90", oit="90", level_written=written)
    response = client.post(f"/a/thaphae/results/{year}/", form, follow=True)
    result = ItaResult.objects.get(agency=plan_a.agency, fiscal_year__be_year=year)
    assert result.level_written == written
    assert result.rating == band
    assert written in response.content.decode()


def test_it_warns_but_saves_a_level_that_differs_from_the_band(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.post(
        "/a/thaphae/results/2565/", _form(level_written="ผ่านดี"), follow=True
    ).content.decode()
    assert ItaResult.objects.get(fiscal_year__be_year=2565).level_written == "ผ่านดี"
    assert "ไม่ตรงกับระดับตามเกณฑ์ของปี" in page


def test_it_takes_thai_digits_a_unit_word_and_the_weighted_sum(client, coordinator, plan_a):
    client.force_login(coordinator)
    client.post(
        "/a/thaphae/results/2566/",
        _form(
            total="IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44",
            iit="",
            eit="",
            oit="",
            indicator_1="๙๗.๖๘ คะแนน",
        ),
    )
    result = ItaResult.objects.get(fiscal_year__be_year=2566)
    assert (result.total, result.iit, result.eit, result.oit) == (
        Decimal("88.44"),
        Decimal("88.43"),
        Decimal("80.53"),
        Decimal("94.38"),
    )
    assert result.indicator_scores.get().score == Decimal("97.68")


def test_it_reads_tool_figures_as_weighted_points_when_asked(client, coordinator, plan_a):
    client.force_login(coordinator)
    client.post(
        "/a/thaphae/results/2566/",
        _form(total="88.44", iit="26.53", eit="24.16", oit="37.75", tool_points="on"),
    )
    assert ItaResult.objects.get(fiscal_year__be_year=2566).oit == Decimal("94.38")


def test_it_records_the_oit_items_lacked_with_their_reason(client, coordinator, plan_a):
    client.force_login(coordinator)
    page = client.post(
        "/a/thaphae/results/2566/",
        _form(item_O42="no", reason_O42="ไม่มีการวิเคราะห์ผลการประเมินปีที่ผ่านมา", item_O1="yes"),
        follow=True,
    ).content.decode()
    result = ItaResult.objects.get(fiscal_year__be_year=2566)
    assert {(a.item.code, a.has) for a in result.oit_items.all()} == {("O1", True), ("O42", False)}
    assert "ไม่มีการวิเคราะห์ผลการประเมินปีที่ผ่านมา" in page


def test_it_imports_a_file_and_shows_located_errors(client, coordinator, viewer, plan_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    bad = SimpleUploadedFile("h.csv", "ปี,คะแนนรวม\n2564,68.12\n2563,abc\n".encode())
    page = client.post("/a/thaphae/results/import/", {"file": bad}).content.decode()
    assert "แถว ๓ คอลัมน์ B (คะแนนรวม)" in page
    assert not ItaResult.objects.filter(fiscal_year__be_year=2564).exists()
    good = SimpleUploadedFile("h.csv", "ปี,คะแนนรวม\n2564,68.12\n".encode())
    response = client.post("/a/thaphae/results/import/", {"file": good})
    assert response.status_code == 302
    assert ItaResult.objects.filter(fiscal_year__be_year=2564).exists()
    client.force_login(viewer)
    again = SimpleUploadedFile("h.csv", "ปี,คะแนนรวม\n2563,50\n".encode())
    assert client.post("/a/thaphae/results/import/", {"file": again}).status_code == 403
