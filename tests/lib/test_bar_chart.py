from __future__ import annotations

from decimal import Decimal

from ita_tracker.lib.bar_chart import bar_chart


def test_it_scales_bars_to_the_plot() -> None:
    chart = bar_chart(
        [
            ("1", Decimal(100), "1. a", "IIT"),
            ("2", Decimal(50), "2. b", "EIT"),
            ("3", None, "", ""),
        ],
        height=216,
        threshold=Decimal(85),
    )
    full, half, empty = chart.bars
    assert full.y == chart.top
    assert full.height == chart.plot_height
    assert half.height == chart.plot_height / 2
    assert empty.height == 0
    assert full.x < half.x < empty.x
    assert chart.threshold_y is not None
    assert chart.top < chart.threshold_y < chart.bottom


def test_it_clips_values_out_of_range() -> None:
    chart = bar_chart([("1", Decimal(130), "", ""), ("2", Decimal(-5), "", "")])
    assert chart.bars[0].height == chart.plot_height
    assert chart.bars[1].height == 0
