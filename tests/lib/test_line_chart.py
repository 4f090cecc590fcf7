"""Trend chart geometry: series told apart without colour, gaps kept, pass line placed."""

from __future__ import annotations

from decimal import Decimal as D

from ita_tracker.lib.line_chart import line_chart


def test_each_series_has_its_own_marker_and_dash():
    chart = line_chart([2564, 2565], [(n, [D(70), D(80)]) for n in ("รวม", "IIT", "EIT", "OIT")])
    styles = {(s.marker, s.dash) for s in chart.series}
    assert len(styles) == 4


def test_a_missing_year_has_no_point_and_the_axis_starts_below_the_lowest_value():
    chart = line_chart([2563, 2564, 2565], [("OIT", [D("48.5"), None, D("96")])])
    (series,) = chart.series
    assert [p.year for p in series.points] == [2563, 2565]
    assert chart.floor == 40
    assert chart.grid[0].value == 40
    assert chart.grid[-1].value == 100
    assert chart.threshold_y is not None
    assert chart.top < chart.threshold_y < chart.bottom
    assert series.points[1].y < chart.threshold_y < series.points[0].y  # 96 above, 48.5 below


def test_one_year_sits_in_the_middle():
    chart = line_chart([2565], [("รวม", [D("70.33")])], width=320)
    assert abs(chart.series[0].points[0].x - (chart.left + chart.right) / 2) < 1
