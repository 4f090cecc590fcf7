"""One language per screen: the Thai or the English half of a bilingual message."""

from __future__ import annotations

from ita_tracker.docengine.errors import TemplateError
from ita_tracker.lib.one_language import location, message, pick

LOCATION = (
    "เนื้อหาเอกสาร / document body, ตารางที่ 2 คอลัมน์ 3 / table 2, column 3, "
    "บรรทัด Jinja 41 / Jinja line 41, «{{ m.titel }}, ต่อ / more»"
)


def test_it_picks_one_half_of_a_pair():
    text = "วันที่ไม่ถูกต้อง: «31/2/2566» / invalid date: '31/2/2566'"
    assert pick(text, thai=True) == "วันที่ไม่ถูกต้อง: «31/2/2566»"
    assert pick(text, thai=False) == "invalid date: '31/2/2566'"


def test_it_picks_every_pair_of_a_location_and_keeps_the_snippet_whole():
    assert pick(LOCATION, thai=True) == (
        "เนื้อหาเอกสาร, ตารางที่ 2 คอลัมน์ 3, บรรทัด Jinja 41, «{{ m.titel }}, ต่อ / more»"
    )
    assert pick(LOCATION, thai=False) == (
        "document body, table 2, column 3, Jinja line 41, «{{ m.titel }}, ต่อ / more»"
    )


def test_it_leaves_out_the_jinja_line_from_locations():
    assert "Jinja" not in location(LOCATION, thai=True)
    assert "Jinja" not in location(LOCATION, thai=False)
    assert location(LOCATION, thai=True).startswith("เนื้อหาเอกสาร, ตารางที่ 2 คอลัมน์ 3")


def test_it_leaves_a_one_language_text_alone():
    assert pick("มาตรการ ๑/๒", thai=False) == "มาตรการ ๑/๒"
    assert pick("1/2", thai=True) == "1/2"


def test_it_uses_an_errors_own_halves():
    error = TemplateError("ไม่รู้จักตัวแปร", "unknown variable", location=LOCATION)
    assert message(error, thai=True) == "ไม่รู้จักตัวแปร"
    assert message(error, thai=False) == "unknown variable"
