"""Scores as agencies write them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_tracker.lib.score_text import (
    ScoreTextError,
    looks_like_weighted_points,
    parse_score,
    parse_weighted_points,
)

WEIGHTS = {"IIT": Decimal("0.30"), "EIT": Decimal("0.30"), "OIT": Decimal("0.40")}


@pytest.mark.parametrize(
    "text",
    ["97.68", "97.68 คะแนน", "๙๗.๖๘", "๙๗.๖๘ คะแนน", "คะแนน 97.68", "97,68", " 97.68% ", 97.68],
)
def test_it_reads_a_score_with_a_unit_word_and_either_digits(text):
    assert parse_score(text) == Decimal("97.68")


@pytest.mark.parametrize("text", ["", "-", "–", None])
def test_it_reads_an_empty_cell_as_no_score(text):
    assert parse_score(text) is None


@pytest.mark.parametrize("text", ["100.5", "-3", "97.685", "เก้าสิบ", "97.68.1"])
def test_it_refuses_what_is_not_a_score(text):
    with pytest.raises(ScoreTextError) as refused:
        parse_score(text)
    assert refused.value.th
    assert refused.value.en


def test_it_reads_per_tool_weighted_points():
    text = "IIT 26.53 + EIT 24.16 + OIT 37.75 = 88.44"
    assert looks_like_weighted_points(text)
    points = parse_weighted_points(text, WEIGHTS)
    assert points.total == Decimal("88.44")
    assert points.points == {
        "IIT": Decimal("26.53"),
        "EIT": Decimal("24.16"),
        "OIT": Decimal("37.75"),
    }
    assert points.scores == {
        "IIT": Decimal("88.43"),
        "EIT": Decimal("80.53"),
        "OIT": Decimal("94.38"),
    }


def test_it_reads_weighted_points_in_thai_digits_without_a_written_total():
    points = parse_weighted_points("IIT ๒๖.๕๓ + EIT ๒๔.๑๖ + OIT ๓๗.๗๕", WEIGHTS)
    assert points.total == Decimal("88.44")
    assert points.written_total is None


@pytest.mark.parametrize(
    "text",
    [
        "IIT 26.53 + EIT 24.16 + OIT 37.75 = 90.00",  # does not add up
        "IIT 31.00 + EIT 24.16 + OIT 37.75",  # above the IIT share of 30
        "IIT 26.53 + EIT 24.16",  # OIT missing
    ],
)
def test_it_refuses_weighted_points_that_do_not_hold(text):
    with pytest.raises(ScoreTextError):
        parse_weighted_points(text, WEIGHTS)
