"""The frame both charts share: plot area from margins, value scale, grid, pass line."""

from __future__ import annotations

from decimal import Decimal as D

from ita_tracker.lib.bar_chart import bar_chart
from ita_tracker.lib.chart_axes import axes, scale_y
from ita_tracker.lib.line_chart import line_chart


def test_it_places_the_plot_inside_the_margins():
    frame = axes(
        width=640, height=260, margins=(36, 16, 8, 28), low=0, high=100, ticks=(), threshold=None
    )
    assert (frame.left, frame.top, frame.right, frame.bottom) == (36, 16, 632, 232)
    assert frame.plot_height == 216
    assert frame.grid == ()
    assert frame.threshold_y is None


def test_low_sits_on_the_bottom_and_high_on_the_top():
    frame = axes(
        width=320, height=170, margins=(36, 14, 12, 24), low=40, high=100, ticks=(), threshold=None
    )
    assert frame.y_of(D(40)) == frame.bottom
    assert frame.y_of(D(100)) == frame.top
    assert frame.y_of(D(70)) == (frame.top + frame.bottom) / 2


def test_values_outside_the_range_sit_on_its_edge():
    assert scale_y(D(130), low=D(0), high=D(100), top=16, bottom=232) == 16
    assert scale_y(D(-5), low=D(0), high=D(100), top=16, bottom=232) == 232
    assert scale_y(D(10), low=D(40), high=D(100), top=14, bottom=146) == 146


def test_grid_lines_and_the_pass_line_are_on_the_same_scale():
    frame = axes(
        width=640,
        height=260,
        margins=(36, 16, 8, 28),
        low=0,
        high=100,
        ticks=(0, 50, 100),
        threshold=D(85),
    )
    assert [(g.value, g.y) for g in frame.grid] == [(0, 232.0), (50, 124.0), (100, 16.0)]
    assert frame.threshold == D(85)
    assert frame.threshold_y == frame.y_of(D(85)) == 48.4


def test_the_bar_chart_keeps_the_geometry_its_svg_is_drawn_from():
    # Numbers taken from the charts before they shared chart_axes: the SVG must not move.
    chart = bar_chart(
        [
            ("1", D(100), "", ""),
            ("2", D("84.99"), "", ""),
            ("3", D("0.05"), "", ""),
            ("4", None, "", ""),
        ],
        threshold=D(85),
    )
    assert [(g.value, g.y) for g in chart.grid] == [
        (0, 232.0),
        (25, 178.0),
        (50, 124.0),
        (75, 70.0),
        (100, 16.0),
    ]
    assert chart.threshold_y == 48.4
    assert [(b.x, b.y, b.width, b.height) for b in chart.bars] == [
        (65.8, 16.0, 89.4, 216.0),
        (214.8, 48.4, 89.4, 183.6),
        (363.8, 231.9, 89.4, 0.1),
        (512.8, 232.0, 89.4, 0.0),
    ]
    assert (chart.right, chart.bottom, chart.plot_height, chart.label_y) == (632, 232, 216, 250)


def test_the_line_chart_keeps_the_geometry_its_svg_is_drawn_from():
    chart = line_chart(
        [2565, 2566, 2567],
        [("รวม", [D("70.33"), None, D("96.1")]), ("IIT", [D("48.5"), D(60), D(70)])],
        width=320,
        height=170,
    )
    assert [(g.value, g.y) for g in chart.grid] == [
        (40, 146.0),
        (60, 102.0),
        (80, 58.0),
        (100, 14.0),
    ]
    assert (chart.floor, chart.threshold_y, chart.right, chart.bottom) == (40, 47.0, 308, 146)
    assert [[(p.x, p.y) for p in s.points] for s in chart.series] == [
        [(48.0, 79.3), (296.0, 22.6)],
        [(48.0, 127.3), (172.0, 102.0), (296.0, 80.0)],
    ]
    assert [(t.year, t.x) for t in chart.years] == [(2565, 48.0), (2566, 172.0), (2567, 296.0)]
    assert chart.year_label_y == 162
