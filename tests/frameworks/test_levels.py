"""Levels as agencies write them, read against a year's rules and the computed band."""

from __future__ import annotations

import pytest

from ita_tracker.frameworks.levels import read_level

AA_F = ["AA", "A", "B", "C", "D", "E", "F"]
WORDS = ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]


@pytest.mark.parametrize(
    ("written", "labels", "computed", "label"),
    [
        ("ผ่านดี", WORDS, "ผ่านดี", "ผ่านดี"),
        ("AA", AA_F, "AA", "AA"),
        ("(ผ่าน) ระดับ AA", AA_F, "AA", "AA"),
        ("A และ ผ่าน", AA_F, "A", "A"),
        ("A และ ผ่าน", WORDS, "ผ่านดี", "ผ่านดี"),
        ("สูงมาก", AA_F, "AA", "AA"),
        ("ระดับ c", AA_F, "C", "C"),
        ("Good pass", WORDS, "ผ่านดี", "ผ่านดี"),
        ("AA", WORDS, "ผ่านดีเยี่ยม", "ผ่านดีเยี่ยม"),
    ],
)
def test_it_reads_each_wording_as_the_band_it_stands_for(written, labels, computed, label):
    reading = read_level(written, labels, computed)
    assert reading.written == written
    assert (reading.label, reading.recognised, reading.agrees) == (label, True, True)


def test_a_wording_for_another_band_is_a_disagreement_not_an_error():
    reading = read_level("ผ่านดี", AA_F, "AA")
    assert (reading.label, reading.agrees) == ("A", False)


def test_an_unknown_wording_is_kept_and_flagged():
    reading = read_level("ดีมาก", AA_F, "A")
    assert (reading.recognised, reading.label, reading.written) == (False, "", "ดีมาก")
