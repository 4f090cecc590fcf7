"""Import refuses periods outside the plan's fiscal year, as the web form does (issue 10,
finding 11)."""

from __future__ import annotations

import pytest
import yaml

from ita_tracker.planfile.reader import PlanFileError, read_plan_text
from ita_tracker.plans.planfile.importer import check_plan
from tests.conftest import EXAMPLE


def _example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def _read(data: dict) -> None:
    check_plan(read_plan_text(yaml.safe_dump(data, allow_unicode=True), "x.yaml"), replace=True)


def test_it_refuses_a_measure_period_outside_the_fiscal_year(db) -> None:
    data = _example()
    data["measures"][0]["period"] = {"start": "2580-10", "end": "2580-11"}
    with pytest.raises(PlanFileError) as caught:
        _read(data)
    assert "measures[0].period" in caught.value.format()
    assert "fiscal year 2566" in caught.value.format()


def test_it_refuses_a_round_ending_after_the_fiscal_year(db) -> None:
    data = _example()
    data["rounds"][0]["period"]["to"] = "2567-02-29"
    with pytest.raises(PlanFileError) as caught:
        _read(data)
    assert "rounds[0].period" in caught.value.format()


def test_the_example_is_within_its_year(db) -> None:
    _read(_example())
