"""Geometry for the server-rendered SVG: bar charts and the choropleth map.

The templates only print numbers computed here; colours come from CSS classes
(static/css/insights.css), so no inline style is needed under the CSP.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import get_format
from django_countries import countries

MAP_DATA = Path(__file__).resolve().parent / "data" / "europe.json"
# Bar chart layout, in SVG user units (the SVG scales to the page width).
CHART_WIDTH = 720
LABEL_WIDTH = 250
VALUE_WIDTH = 70
BAR_HEIGHT = 18
ROW_HEIGHT = 26
TOP = 8
# Characters of a label that fit LABEL_WIDTH at the chart's font size.
LABEL_CHARS = 36
CLASSES = 5


def number_formatter():
    """n -> "12,345" with the active language's thousand separator: what `intcomma`
    prints, without its per-call lookups (a chart page prints hundreds of numbers)."""
    separator = get_format("THOUSAND_SEPARATOR")
    return lambda number: f"{number:,}".replace(",", separator)


def svg_number(value):
    """A coordinate for an SVG attribute: a string, so that the template does not
    localise it (German and French would print 12,5 and break the drawing)."""
    return f"{value:g}"


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    display: str
    # SVG coordinates, as strings (svg_number)
    y: str
    width: str
    text_y: str
    value_x: str


def bar_chart(rows):
    """Horizontal bars, one per row, scaled to the largest value."""
    largest = max((row.value for row in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    formatted = number_formatter()
    bars = []
    for position, row in enumerate(rows):
        y = TOP + position * ROW_HEIGHT
        width = max(round(span * row.value / largest, 1), 1 if row.value else 0)
        short = row.label if len(row.label) <= LABEL_CHARS else row.label[: LABEL_CHARS - 1] + "…"
        bars.append(
            Bar(
                label=row.label,
                short_label=short,
                value=row.value,
                display=formatted(row.value),
                y=svg_number(y),
                width=svg_number(width),
                text_y=svg_number(y + BAR_HEIGHT - 4),
                value_x=svg_number(round(LABEL_WIDTH + width + 6, 1)),
            )
        )
    return {
        "width": svg_number(CHART_WIDTH),
        "height": svg_number(TOP * 2 + len(rows) * ROW_HEIGHT),
        "label_x": svg_number(LABEL_WIDTH - 8),
        "bar_x": svg_number(LABEL_WIDTH),
        "bar_height": svg_number(BAR_HEIGHT),
        "bars": bars,
    }


@cache
def europe():
    """{"width", "height", "countries": {code: path data}} (see build_geodata)."""
    return json.loads(MAP_DATA.read_text())


def _nice(step):
    """1, 2, 5, 10, 20, 50... at or above `step`."""
    if step <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(step))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= step:
            return factor * magnitude
    return 10 * magnitude


def classes(largest):
    """Equal class ranges [(low, high)] covering 1..largest, at most CLASSES of them."""
    if largest <= 0:
        return []
    step = _nice(largest / CLASSES)
    return [(low + 1, min(low + step, largest)) for low in range(0, largest, step)][:CLASSES]


def class_of(value, ranges):
    """1-based class of `value` in `ranges`; 0 for no value."""
    if not value:
        return 0
    for number, (low, high) in enumerate(ranges, start=1):
        if low <= value <= high:
            return number
    return len(ranges)


@dataclass(frozen=True)
class Shape:
    code: str
    name: str
    path: str
    value: int
    level: int
    url: str | None
    text: str


def choropleth(counts, count_text, country_url):
    """The map's shapes (linked ones last, so their focus outline is drawn on top),
    the legend's classes and the largest count."""
    largest = max(counts.values(), default=0)
    ranges = classes(largest)
    shapes = []
    for code, path in europe()["countries"].items():
        value = counts.get(code, 0)
        # Only linked shapes are named (the others are decoration): fewer name lookups.
        name = (countries.name(code) or code) if value else ""
        shapes.append(
            Shape(
                code=code,
                name=name,
                path=path,
                value=value,
                level=class_of(value, ranges),
                url=country_url(code) if value else None,
                text=f"{name}: {count_text(value)}" if value else "",
            )
        )
    shapes.sort(key=lambda shape: (shape.url is not None, shape.name))
    legend = [{"level": n, "low": low, "high": high} for n, (low, high) in enumerate(ranges, 1)]
    return shapes, legend
