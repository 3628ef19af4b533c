"""The geometry of a stated change (530家 -> 1262家) drawn as two bars on the item's page."""
from __future__ import annotations

from dataclasses import dataclass

from disclosure_site.model.site import Figure, Item


@dataclass(frozen=True)
class Chart:
    """A change the text states (530家 -> 1262家), drawn as two bars scaled to the larger value."""

    figure: Figure
    before_width: int
    after_width: int

    WIDTH = 180  # px of the longer bar; labels sit to its right


def charts_for(item: Item) -> list[Chart]:
    charts = []
    for figure in item.figures:
        if not figure.is_change:
            continue
        before, after = max(float(figure.previous_value), 0.0), max(float(figure.value), 0.0)
        largest = max(before, after) or 1.0
        charts.append(Chart(figure, round(Chart.WIDTH * before / largest), round(Chart.WIDTH * after / largest)))
    return charts
