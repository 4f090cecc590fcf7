"""Thai <-> Arabic digits; URLs and e-mail addresses keep their digits (thai-documents.md P4)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ita_tracker.lib.thai_digits import (
    ARABIC_DIGITS,
    THAI_DIGITS,
    digits,
    to_arabic_digits,
    to_thai_digits,
)

# --- examples ---------------------------------------------------------------------------------


def test_it_writes_every_arabic_digit_as_a_thai_digit() -> None:
    assert to_thai_digits("0123456789") == "๐๑๒๓๔๕๖๗๘๙"
    assert to_thai_digits("ปีงบประมาณ 2566 ข้อ 3.1") == "ปีงบประมาณ ๒๕๖๖ ข้อ ๓.๑"


def test_it_writes_every_thai_digit_as_an_arabic_digit() -> None:
    assert to_arabic_digits("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert to_arabic_digits("ที่ นร ๐๑๐๑.๕/๑๒๓๔") == "ที่ นร 0101.5/1234"


def test_it_keeps_url_and_email_digits_arabic() -> None:
    text = "โทร 075 https://x.go.th/a1 a1@x.go.th"
    assert to_thai_digits(text) == "โทร ๐๗๕ https://x.go.th/a1 a1@x.go.th"


@pytest.mark.parametrize(
    "protected",
    [
        "http://x.go.th/2566/plan-1.pdf",
        "https://ita.x.go.th/o1?year=2566&page=2#s3",
        "HTTPS://X.GO.TH/A1",
        "ftp://files.x.go.th/2566/a1.zip",
        "www.x1.go.th/o10",
        "saraban.2566@x1.go.th",
        "first.last+1@mail-2.x.go.th",
    ],
)
def test_it_keeps_the_digits_of_every_kind_of_url_and_email(protected: str) -> None:
    text = f"ดู {protected} ภายใน 7 วัน"
    assert to_thai_digits(text) == f"ดู {protected} ภายใน ๗ วัน"


def test_it_converts_digits_next_to_a_url_in_brackets() -> None:
    assert to_thai_digits("(https://x.go.th/a1) ข้อ 2") == "(https://x.go.th/a1) ข้อ ๒"


def test_it_converts_digits_glued_to_thai_text_before_an_email() -> None:
    assert to_thai_digits("โทร075อีเมลa1@x.go.th") == "โทร๐๗๕อีเมลa1@x.go.th"


def test_it_writes_thai_digits_inside_urls_as_arabic_digits() -> None:
    # Reading input: a URL typed with Thai digits is normalised like everything else.
    assert to_arabic_digits("https://x.go.th/a๑") == "https://x.go.th/a1"


def test_it_leaves_text_without_digits_unchanged() -> None:
    text = "บันทึกข้อความ ส่วนราชการ กองช่าง"
    assert to_thai_digits(text) == text
    assert to_arabic_digits(text) == text


def test_it_accepts_values_that_are_not_strings() -> None:
    assert to_thai_digits(2566) == "๒๕๖๖"
    assert to_thai_digits(3.5) == "๓.๕"
    assert to_arabic_digits(None) == "None"


def test_it_converts_only_when_asked_by_the_digits_switch() -> None:
    assert digits("ข้อ 12", thai=True) == "ข้อ ๑๒"
    assert digits("ข้อ 12", thai=False) == "ข้อ 12"
    assert digits(12, thai=False) == "12"


def test_it_pairs_the_two_digit_alphabets_in_order() -> None:
    assert [ord(c) for c in THAI_DIGITS] == list(range(0x0E50, 0x0E5A))
    assert ARABIC_DIGITS == "0123456789"


# --- properties -------------------------------------------------------------------------------

_ARABIC = re.compile("[0-9]")
_THAI = re.compile("[๐-๙]")


@given(st.text())
def test_it_round_trips_any_text_through_thai_digits(text: str) -> None:
    assert to_arabic_digits(to_thai_digits(text)) == to_arabic_digits(text)


@given(st.text())
def test_it_leaves_no_thai_digit_after_to_arabic_digits(text: str) -> None:
    assert not _THAI.search(to_arabic_digits(text))


@given(st.text())
def test_it_gives_the_same_text_when_converting_to_thai_digits_twice(text: str) -> None:
    once = to_thai_digits(text)
    assert to_thai_digits(once) == once


# Plain text: Thai letters, digits of both kinds and punctuation, but nothing that could start a
# URL or an e-mail address (no ASCII letters, no "@").
_plain = st.text(
    alphabet=st.sampled_from("กขคงจฉชซดตนบปผพฟมยรลวสหอะาิีึืุูเแโใไ่้๊๋ั็์ๆฯ" + "0123456789๐๑๒๓๔๕๖๗๘๙.,:;/()-–"),
    min_size=1,
    max_size=20,
)


@given(_plain)
def test_it_leaves_no_arabic_digit_in_text_without_urls_or_emails(text: str) -> None:
    assert not _ARABIC.search(to_thai_digits(text))


_alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_label = st.text(alphabet=_alnum, min_size=1, max_size=8)
_tld = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=4)
_host = st.builds(lambda labels, tld: ".".join([*labels, tld]), st.lists(_label, max_size=3), _tld)
_path = st.text(alphabet=_alnum + "/-_.~?=&#%+", max_size=30)
_url = st.builds(
    lambda scheme, host, path: f"{scheme}{host}/{path}",
    st.sampled_from(["http://", "https://", "ftp://", "HTTPS://", "www."]),
    _host,
    _path,
)
_email = st.builds(
    lambda local, host: f"{local}@{host}",
    st.text(alphabet=_alnum + "._%+-", min_size=1, max_size=12),
    st.builds(
        lambda labels, tld: ".".join([*labels, tld]), st.lists(_label, min_size=1, max_size=3), _tld
    ),
)
_segment = st.one_of(
    st.tuples(st.just("plain"), _plain),
    st.tuples(st.just("url"), _url),
    st.tuples(st.just("email"), _email),
)


@given(st.lists(_segment, min_size=1, max_size=6))
def test_it_keeps_the_digits_of_generated_urls_and_emails(segments: list[tuple[str, str]]) -> None:
    text = " ".join(value for _, value in segments)
    expected = " ".join(
        value.translate(str.maketrans(ARABIC_DIGITS, THAI_DIGITS)) if kind == "plain" else value
        for kind, value in segments
    )
    assert to_thai_digits(text) == expected


@given(st.one_of(_url, _email))
def test_it_keeps_a_url_or_email_that_is_the_whole_text(protected: str) -> None:
    assert to_thai_digits(protected) == protected
