"""Rating a result by the rules loaded from the catalogues (§3, §11.3 of the reference)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ita_tracker.frameworks.models import FiscalYear
from ita_tracker.frameworks.rating import Rule, rate, weighted_total
from ita_tracker.frameworks.services import load_catalogues


@pytest.fixture
def catalogues(db: None) -> None:
    load_catalogues()


def rating(
    be_year: int, total: str, iit: str | None = None, eit: str | None = None, oit: str | None = None
) -> Rule:
    rules = [
        Rule(
            label=r.label,
            label_en=r.label_en,
            min_total=r.min_total,
            min_each_tool=r.min_each_tool,
            passes=r.passes,
        )
        for r in FiscalYear.objects.get(be_year=be_year).rating_rules.order_by("order")
    ]
    tools = {
        name: Decimal(v) if v is not None else None
        for name, v in (("IIT", iit), ("EIT", eit), ("OIT", oit))
    }
    rule = rate(rules, Decimal(total), tools)
    assert rule is not None
    return rule


@pytest.mark.parametrize(
    ("total", "label"),
    [
        ("70.33", "C"),
        ("94.99", "A"),
        ("95", "AA"),
        ("95.00", "AA"),
        ("85.00", "A"),
        ("84.99", "B"),
        ("49.99", "F"),
        ("0", "F"),
        ("100", "AA"),
    ],
)
def test_it_rates_2565_results_aa_to_f(catalogues, total, label):
    assert rating(2565, total).label == label


def test_it_passes_2565_results_from_85(catalogues):
    assert rating(2565, "85.00").passes
    assert not rating(2565, "84.99").passes


def test_it_rates_the_2568_sao_case_pass_not_good_pass(catalogues):
    # NACC, Aug 2568: total 94.64 downgraded from ผ่านดี to ผ่าน because EIT was below 85.
    assert rating(2568, "94.64", iit="95.10", eit="81.78", oit="97.00").label == "ผ่าน"


def test_it_rates_good_pass_when_every_tool_reaches_85(catalogues):
    assert rating(2568, "94.64", iit="95.10", eit="85.00", oit="97.00").label == "ผ่านดี"


def test_it_rates_excellent_only_when_the_total_and_every_tool_reach_95(catalogues):
    assert rating(2568, "96.00", iit="95.00", eit="95.00", oit="98.00").label == "ผ่านดีเยี่ยม"
    assert rating(2568, "96.00", iit="95.00", eit="94.99", oit="98.00").label == "ผ่านดี"


def test_it_rates_below_70_as_needing_urgent_improvement(catalogues):
    assert rating(2568, "69.99", iit="70", eit="70", oit="70").label == "ต้องปรับปรุงโดยด่วน"
    assert rating(2568, "70.00", iit="70", eit="70", oit="70").label == "ต้องปรับปรุง"


def test_it_draws_the_pass_line_at_85_00(catalogues):
    at_line = rating(2568, "85.00", iit="85.00", eit="85.00", oit="85.00")
    below = rating(2568, "84.99", iit="85.00", eit="85.00", oit="85.00")
    assert (at_line.label, at_line.passes) == ("ผ่านดี", True)
    assert (below.label, below.passes) == ("ต้องปรับปรุง", False)


def test_it_rates_pass_when_tool_scores_are_unknown(catalogues):
    assert rating(2567, "90").label == "ผ่าน"


def test_it_weights_the_total_by_the_years_weights(catalogues):
    fiscal_year = FiscalYear.objects.get(be_year=2566)
    weights = (fiscal_year.weight_iit, fiscal_year.weight_eit, fiscal_year.weight_oit)
    total = weighted_total(Decimal("90"), Decimal("80"), Decimal("100"), weights)
    assert total == Decimal("91.00")
