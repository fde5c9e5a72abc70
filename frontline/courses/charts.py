"""Bar charts drawn on the server as SVG geometry: no chart library reaches the browser.

`bar_chart` turns labelled series of percentages into rectangles and text positions in a fixed
coordinate space; the template `courses/partials/bar_chart.html` draws them, and scales with the
page (viewBox), so a phone shows the same chart, smaller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 320
LABEL_HEIGHT = 16
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 12
LEFT = 4
VALUE_SPACE = 44  # room at the end of the longest bar for its value


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: float
    height: int
    series: int  # index of the series, for the colour class
    value: float | None
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Chart:
    title: str
    series: tuple[str, ...]
    labels: list[tuple[str, int]]  # row label and its y
    bars: list[Bar]
    height: int
    key: str = "chart"
    width: int = WIDTH


def bar_chart(
    title: str,
    series: Sequence[str],
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    key: str = "chart",
) -> Chart:
    """One row per label, one bar per series; values are percentages (0-100), None is no data
    (no bar, shown as a dash)."""
    scale = (WIDTH - LEFT - VALUE_SPACE) / 100
    bars, labels, y = [], [], 0
    for label, values in rows:
        labels.append((label, y + LABEL_HEIGHT - 4))
        y += LABEL_HEIGHT
        for n, value in enumerate(values):
            width = max(0.0, min(100.0, value or 0.0)) * scale
            bars.append(
                Bar(LEFT, y, round(width, 1), BAR_HEIGHT, n, value,
                    round(LEFT + width + 4, 1), y + BAR_HEIGHT - 3)
            )  # fmt: skip
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
    return Chart(title, tuple(series), labels, bars, max(y, 1), key)
