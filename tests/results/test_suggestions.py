"""The suggested-measures library covers every indicator and the listed OIT items."""

from __future__ import annotations

from ita_tracker.frameworks.catalogue import read_catalogue
from ita_tracker.results.suggestions import library


def test_it_has_at_least_three_suggestions_for_every_indicator_of_every_catalogue_year():
    lib = library()
    counts = {
        (year.be_year, indicator.number): len(lib.for_indicator(indicator.number, year.be_year))
        for year in read_catalogue().years.values()
        for indicator in year.indicators
    }
    assert len(counts) == 90  # 10 indicators x 9 catalogue years (2561-2569)
    assert {key: n for key, n in counts.items() if n < 3} == {}


def test_it_has_a_suggestion_for_every_oit_item_of_2568_and_2569():
    lib = library()
    catalogue = read_catalogue()
    missing = [
        (year, item.code)
        for year in (2568, 2569)
        for item in catalogue.years[year].oit_items
        if not lib.for_item(item.code, year)
    ]
    assert missing == []
    assert sum(len(catalogue.years[y].oit_items) for y in (2568, 2569)) == 49


def test_every_suggestion_is_thai_and_says_where_it_comes_from():
    lib = library()
    for suggestion in lib.all():
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in suggestion.title), suggestion.key
        assert suggestion.methods
        assert suggestion.follow_up
        assert suggestion.unit
        for source_id in suggestion.sources:
            source = lib.source(source_id)
            assert source is not None
            assert source.title
