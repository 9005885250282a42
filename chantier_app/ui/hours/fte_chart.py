"""The FTE chart: consumed FTE since January (cumulative), the funded FTE at the same pace,
and the projection to December from the contracts in force. Floats only for drawing."""

from __future__ import annotations

import math
from decimal import Decimal

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QLocale, QPointF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from chantier_app.domain.fr_format import SHORT_MONTHS, format_month, format_number
from chantier_app.domain.fte import FteYear, rounded
from chantier_app.i18n import tr
from chantier_app.services.dashboard.figures import FteReport

BLUE = QColor("#1d4ed8")
GREEN = QColor("#15803d")
ORANGE = QColor("#c2410c")


def _pen(colour: QColor, *, dashed: bool = False, width: float = 2.5) -> QPen:
    pen = QPen(colour)
    pen.setWidthF(width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class FteChart(QChartView):
    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        chart.setLocale(QLocale(QLocale.Language.French, QLocale.Country.France))
        chart.setLocalizeNumbers(True)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(chart.margins())
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(280)
        self.series: dict[str, QLineSeries] = {}
        self.axis_x: QBarCategoryAxis | None = None

    def set_report(self, report: FteReport) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        year = report.fte
        chart.setTitle(tr("ETP {year} — {scope}").format(year=year.year, scope=report.scope))
        consumed = self._series(tr("Consommés (cumul)"), _pen(BLUE))
        projection = self._series(tr("Projection"), _pen(ORANGE, dashed=True))
        funded = self._series(tr("Conventionnés (prorata)"), _pen(GREEN, width=2))
        for index, month in enumerate(year.months):
            value = float(year.cumulative_fte(month))
            if not month.projected:
                consumed.append(QPointF(index, value))
            if month.projected or month.month == year.as_of:
                projection.append(QPointF(index, value))
            target = year.funded_to_date(month.month)
            if target is not None:
                funded.append(QPointF(index, float(target)))
        self.series = {"consumed": consumed, "projection": projection, "funded": funded}
        axis_x = QBarCategoryAxis()
        axis_x.append(self._month_labels())
        self.axis_x = axis_x
        axis_y = QValueAxis()
        top = max([float(year.projected_fte), float(year.funded_fte or 0), 1.0])
        step = _nice_step(top * 1.1)
        axis_y.setRange(0, math.ceil(top * 1.1 / step) * step)
        axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_y.setTickAnchor(0)
        axis_y.setTickInterval(step)
        axis_y.setLabelFormat("%.0f" if step >= 1 else "%.1f")
        axis_y.setTitleText(tr("ETP"))
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in self.series.values():
            if series.count():
                chart.addSeries(series)
                series.attachAxis(axis_x)
                series.attachAxis(axis_y)

    def _month_labels(self) -> list[str]:
        """« janv. », « févr. »… where they fit under their point, else the initials: Qt
        would cut them to « ja… », « fé… » on a narrow chart."""
        width = self.chart().plotArea().width() or self.width() * 0.8
        font = self.axis_x.labelsFont() if self.axis_x is not None else self.font()
        widest = max(QFontMetrics(font).horizontalAdvance(m) for m in SHORT_MONTHS)
        if width / 12 >= widest + 8:
            return list(SHORT_MONTHS)
        # Categories must differ: « J » (janvier, juin, juillet) made unique with zero-width
        # spaces, which do not show.
        return [m[0].upper() + "\u200b" * index for index, m in enumerate(SHORT_MONTHS)]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.axis_x is not None:
            labels = self._month_labels()
            if labels != self.axis_x.categories():
                self.axis_x.setCategories(labels)

    @staticmethod
    def _series(name: str, pen: QPen) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        series.setPen(pen)
        series.setPointsVisible(True)
        return series


def _nice_step(top: float) -> float:
    """A round tick interval giving at most eight intervals up to ``top``."""
    for step in (0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        if top / step <= 8:
            return step
    return 1000.0


def summary_text(year: FteYear) -> str:
    """« Conventionnés : 25 ETP · consommés à fin octobre : 11,98 · projection : 14,81 »."""
    parts = []
    if year.funded_fte is not None:
        parts.append(tr("Conventionnés : {fte} ETP").format(fte=_fte(year.funded_fte)))
    else:
        parts.append(tr("Aucune convention saisie pour {year}").format(year=year.year))
    if year.as_of is not None:
        parts.append(
            tr("consommés à fin {month} : {fte} ETP").format(
                month=format_month(year.as_of).split()[0], fte=_fte(year.consumed_fte)
            )
        )
    parts.append(tr("projection au 31 décembre : {fte} ETP").format(fte=_fte(year.projected_fte)))
    if year.projected_gap is not None:
        parts.append(tr("écart : {gap} ETP").format(gap=_signed(year.projected_gap)))
    text = " · ".join(parts) + "."
    if year.rate != 1 and year.as_of is not None:
        percent = format_number(Decimal(year.rate.numerator) / year.rate.denominator * 100)
        text += " " + tr(
            "Projection au taux de présence observé cette année ({percent} % des heures prévues)."
        ).format(percent=percent)
    return text


def _fte(value: Decimal) -> str:
    return format_number(rounded(value), 2)


def _signed(value: Decimal) -> str:
    text = _fte(value)
    return text if value < 0 else f"+{text}"
