from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from ita_tracker.lib import located_yaml

TEXT = """\
name: ท่าแพ
date: 2566-04-03
weight: 0.30
items:
  - code: O1
  - code: O2
scores:
  9: 93.50
"""


def test_it_maps_every_field_to_its_line():
    data, lines = located_yaml.load(TEXT, dates_as_text=True)
    assert data["date"] == "2566-04-03"  # Buddhist-era text, not the year 2566 CE
    assert lines[("items", 1, "code")] == 6
    assert lines[("scores", 9)] == 8
    assert located_yaml.nearest_line(lines, ("items", 1, "code", "missing")) == 6
    assert located_yaml.dotted(("items", 1, "code")) == "items[1].code"


def test_it_reads_decimals_exactly_when_asked():
    data, _lines = located_yaml.load(TEXT, exact_decimals=True)
    assert data["weight"] == Decimal("0.30")


def test_it_refuses_a_duplicate_key_with_its_line():
    with pytest.raises(located_yaml.DuplicateKey) as info:
        located_yaml.load("a: 1\nb: 2\na: 3\n")
    assert (info.value.key, info.value.line) == ("a", 3)


def test_it_locates_a_syntax_error():
    with pytest.raises(yaml.YAMLError) as info:
        located_yaml.load("a: [1, 2\nb: 3\n")
    line, problem = located_yaml.yaml_problem(info.value)
    assert line is not None
    assert problem
