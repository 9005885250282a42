"""Charts of the yearly report (reportlab.graphics), in DejaVu Sans like the text.

Figures arrive as ``Decimal``; they become floats only here, to be drawn.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors

from chantier_app.domain.fr_format import SHORT_MONTHS, format_number
from chantier_app.i18n import tr
from chantier_app.reports.base import FONT, GREY, INK, RULE

BAR = colors.HexColor("#4A7AB0")
FUNDED = colors.HexColor("#C0504D")
CATEGORY_COLOURS = (
    colors.HexColor("#2E7D32"),
    colors.HexColor("#66A05B"),
    colors.HexColor("#A5C882"),
    colors.HexColor("#B0B7BF"),
    colors.HexColor("#DDE1E5"),
)


def _nice_max(value: float) -> float:
    """A round top for the value axis, above ``value``."""
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500):
        top = step * (int(value / step) + 1)
        if top / step <= 10:
            return float(top)
    return float(value * 1.2 or 1)


def fte_by_month_chart(
    months: Sequence[tuple[dt.date, Decimal]],
    funded: Decimal | None,
    width: float,
    height: float,
) -> Drawing:
    """Bars: FTE of each month; a red line: the funded FTE of the convention."""
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 28
    # types-reportlab types PlotArea's sizes as int (from their defaults); ReportLab checks
    # isNumber, so a float is valid.
    chart.width, chart.height = width - 40, height - 48  # type: ignore[assignment]
    values = [float(fte) for _, fte in months] or [0.0]
    top = _nice_max(max([*values, float(funded or 0)]))
    chart.data = [values]
    chart.categoryAxis.categoryNames = [SHORT_MONTHS[m.month - 1] for m, _ in months] or [""]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top
    chart.valueAxis.valueStep = max(1.0, top / 5)
    chart.valueAxis.labelTextFormat = lambda v: format_number(Decimal(str(v)), 0)
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
        axis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E4E9EF")
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    drawing.add(chart)
    if funded is not None and top:
        y = chart.y + float(funded) / top * chart.height
        drawing.add(Line(chart.x, y, chart.x + chart.width, y, strokeColor=FUNDED, strokeWidth=1.2))
    legend = tr("Barres : ETP réalisés par mois")
    if funded is not None:
        legend += tr(" · ligne rouge : ETP conventionnés ({fte})").format(
            fte=format_number(funded, 2)
        )
    drawing.add(String(chart.x, 6, legend, fontName=FONT, fontSize=7, fillColor=GREY))
    return drawing


def exits_chart(counts: Sequence[tuple[str, int]], width: float, height: float) -> Drawing:
    """One horizontal bar per exit category."""
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 12
    chart.width, chart.height = width - 170, height - 20  # type: ignore[assignment]  # as above
    values = [count for _, count in counts]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [label for label, _ in counts]
    chart.categoryAxis.reverseDirection = True
    chart.valueAxis.valueMin = 0
    top = max([*values, 1])
    step = 1 if top < 10 else math.ceil(top / 5)
    chart.valueAxis.valueMax = step * (top // step + 1)
    chart.valueAxis.valueStep = step
    chart.valueAxis.labelTextFormat = "%d"
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName = FONT
        axis.labels.fontSize = 7
        axis.strokeColor = RULE
    chart.categoryAxis.labels.fillColor = INK
    chart.bars.strokeColor = None
    for index in range(len(values)):
        chart.bars[(0, index)].fillColor = CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing
