"""The YAML catalogues themselves: every file validates and says what the reference says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import get_args

import pytest

from ita_tracker.frameworks.catalogue import (
    DATA_DIR,
    ConfidenceCode,
    PeriodRuleCode,
    fiscal_year_bounds,
    read_catalogue,
)
from ita_tracker.frameworks.models import Confidence, OitItem, PeriodRule
from ita_tracker.frameworks.services import load_catalogues

YEARS = [2561, 2562, 2563, 2564, 2565, 2566, 2567, 2568, 2569]


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue()


def lineage(catalogue, be_year: int, code: str) -> list[tuple[int, str]]:
    item = catalogue.years[be_year].item(code)
    return [(ref.fy, ref.code) for ref in item.maps_from]


def test_it_validates_every_year_file(catalogue):
    assert list(catalogue.years) == YEARS
    assert [tool.code for tool in catalogue.tools] == ["IIT", "EIT", "OIT"]
    assert [tool.order for tool in catalogue.tools] == [1, 2, 3]


def test_it_keeps_oit_codes_unique_within_each_year(catalogue):
    for year in catalogue.years.values():
        codes = [item.code for item in year.oit_items]
        assert len(codes) == len(set(codes)), year.be_year


def test_it_holds_2566_o12_and_2568_o12_as_different_items(db, catalogue):
    assert "รอบ 6 เดือน" in catalogue.years[2566].item("O12").title_th
    assert "การจัดซื้อจัดจ้าง" in catalogue.years[2568].item("O12").title_th

    load_catalogues(years=[2566, 2568])

    rows = OitItem.objects.filter(code="O12", fiscal_year__be_year__in=[2566, 2568])
    assert rows.count() == 2
    assert len({row.title_th for row in rows}) == 2


def test_it_points_every_maps_from_at_an_existing_item(catalogue):
    for year in catalogue.years.values():
        for item in year.oit_items:
            for ref in item.maps_from:
                assert ref.fy < year.be_year
                assert catalogue.years[ref.fy].item(ref.code) is not None, (year.be_year, item.code)


def test_it_records_the_lineage_given_by_the_reference(catalogue):
    assert lineage(catalogue, 2568, "O21") == [(2566, "O31"), (2566, "O32")]
    assert lineage(catalogue, 2568, "O16") == [(2566, "O39"), (2566, "O40"), (2566, "O41")]
    assert lineage(catalogue, 2568, "O12") == [(2566, "O21")]
    assert lineage(catalogue, 2569, "O11") == [(2568, "O12")]
    assert lineage(catalogue, 2569, "O25") == [(2566, "O42")]
    assert lineage(catalogue, 2569, "O26") == [(2566, "O43")]


@pytest.mark.parametrize(
    ("be_year", "measures", "progress"), [(2566, "O42", "O43"), (2569, "O25", "O26")]
)
def test_it_has_exactly_one_measures_and_one_progress_item(catalogue, be_year, measures, progress):
    items = catalogue.years[be_year].oit_items
    assert [i.code for i in items if i.is_measures_item] == [measures]
    assert [i.code for i in items if i.is_progress_item] == [progress]


def test_it_lists_43_items_in_2566_and_clones_them_as_uncertain_for_2567(catalogue):
    y2566, y2567 = catalogue.years[2566], catalogue.years[2567]
    assert [i.code for i in y2566.oit_items] == [f"O{n}" for n in range(1, 44)]
    assert [i.title_th for i in y2567.oit_items] == [i.title_th for i in y2566.oit_items]
    assert {i.confidence for i in y2567.oit_items} == {"U"}
    assert all("คู่มือ" in i.requirements and "2567" in i.requirements for i in y2567.oit_items)
    assert all(lineage(catalogue, 2567, i.code) == [(2566, i.code)] for i in y2567.oit_items)


def test_it_marks_what_the_reference_marks_uncertain(catalogue):
    y2568 = catalogue.years[2568]
    assert [i.code for i in y2568.oit_items] == [f"O{n}" for n in range(1, 27)]
    for code in ("O5", "O6", "O7"):
        assert y2568.item(code).confidence == "U"
        assert "ยังไม่ยืนยัน" in y2568.item(code).title_th
    y2565 = catalogue.years[2565]
    assert {y2565.item(f"O{n}").confidence for n in range(34, 39)} == {"U"}
    y2569 = catalogue.years[2569]
    assert all(y2569.item(code) is None for code in ("O2", "O6", "O7"))


def test_it_weights_the_tools_30_30_40_and_marks_them_uncertain_outside_2564_2566(catalogue):
    for be_year, year in catalogue.years.items():
        weights = year.tool_weights
        assert weights.model_dump(exclude={"confidence"}) == {
            "IIT": Decimal("0.30"),
            "EIT": Decimal("0.30"),
            "OIT": Decimal("0.40"),
        }
        assert weights.confidence == ("V" if 2564 <= be_year <= 2566 else "U")


def test_it_rates_with_aa_to_f_to_2566_and_words_from_2567(catalogue):
    for be_year, year in catalogue.years.items():
        labels = [rule.label for rule in sorted(year.rating_rules, key=lambda r: r.order)]
        if be_year <= 2566:
            assert labels == ["AA", "A", "B", "C", "D", "E", "F"]
        else:
            assert labels == ["ผ่านดีเยี่ยม", "ผ่านดี", "ผ่าน", "ต้องปรับปรุง", "ต้องปรับปรุงโดยด่วน"]
        for rule in year.rating_rules:
            assert rule.passes == (rule.min_total >= 85)
    assert {rule.confidence for rule in catalogue.years[2566].rating_rules} == {"U"}


def test_it_gives_each_fiscal_year_1_october_to_30_september(catalogue):
    assert fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    for be_year, year in catalogue.years.items():
        assert (year.starts, year.ends) == fiscal_year_bounds(be_year)


def test_it_keeps_the_same_choices_as_the_models():
    assert set(get_args(ConfidenceCode)) == set(Confidence.values)
    assert set(get_args(PeriodRuleCode)) == set(PeriodRule.values)


def test_it_writes_thai_text_literally_in_the_files():
    for be_year in YEARS:
        text = (DATA_DIR / f"{be_year}.yaml").read_text(encoding="utf-8")
        assert text.startswith("# ITA catalogue, fiscal year")
        assert "\\u0e" not in text.lower()
        assert "ตัวชี้วัด" in text or "การ" in text
