"""A small chart of each barrier's score over time (1 = no barrier, 5 = blocking)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QPainter

from chantier_app.domain.barriers import ScorePoint, history
from chantier_app.domain.codes.barriers import SCORE_MAX, SCORE_MIN, Barrier
from chantier_app.i18n import tr

SHORT_LABELS = {
    Barrier.LANGUAGE: tr("Langue"),
    Barrier.ADMINISTRATIVE: tr("Démarches"),
    Barrier.HOUSING: tr("Logement"),
    Barrier.MOBILITY: tr("Mobilité"),
    Barrier.HEALTH: tr("Santé"),
    Barrier.JUSTICE: tr("Justice"),
    Barrier.FINANCES: tr("Finances"),
    Barrier.AVAILABILITY: tr("Disponibilité"),
}
# Distinct, print-friendly colours (Okabe–Ito palette, readable by colour-blind people).
COLOURS = {
    Barrier.LANGUAGE: "#E69F00",
    Barrier.ADMINISTRATIVE: "#56B4E9",
    Barrier.HOUSING: "#009E73",
    Barrier.MOBILITY: "#0072B2",
    Barrier.HEALTH: "#D55E00",
    Barrier.JUSTICE: "#CC79A7",
    Barrier.FINANCES: "#000000",
    Barrier.AVAILABILITY: "#999999",
}


def _msecs(day: dt.date) -> float:
    """Noon of the day, local time, in milliseconds since the epoch (as QDateTime counts)."""
    return dt.datetime(day.year, day.month, day.day, 12).timestamp() * 1000


class BarrierChart(QChartView):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("barrier_chart")
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        # No legend inside the chart: beside a narrow plot it cut the names (« Démarc… ») and
        # left the dates no room (« 0… 0… »); the table under it names each line in its colour.
        chart.legend().setVisible(False)
        chart.setBackgroundRoundness(0)
        self.setChart(chart)
        self.series_by_barrier: dict[Barrier, QLineSeries] = {}

    def set_points(self, points: list[ScorePoint]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.series_by_barrier = {}
        scores = history(points)
        if not scores:
            chart.setTitle(tr("Aucun frein coté pour l'instant"))
            return
        chart.setTitle("")
        days = [day for values in scores.values() for day, _ in values]
        first, last = min(days), max(days)
        if first == last:  # one review: give the axis some width
            first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
        x_axis = QDateTimeAxis()
        x_axis.setFormat("MM/yy")
        x_axis.setTickCount(min(4, max(2, len(set(days)) + 1)))
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first))),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last))),
        )
        y_axis = QValueAxis()
        y_axis.setRange(SCORE_MIN - 0.2, SCORE_MAX + 0.2)
        y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
        y_axis.setTickAnchor(1)
        y_axis.setTickInterval(1)
        y_axis.setLabelFormat("%d")
        y_axis.setTitleText(tr("Cotation"))
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for barrier, values in scores.items():
            # Equal scores would hide each other's line: nudge each barrier a hair apart
            # (at most ±0.1, far below the one-point step the reader reads).
            nudge = (list(Barrier).index(barrier) - 3.5) * 0.025
            series = QLineSeries()
            series.setName(SHORT_LABELS[barrier])
            series.setPointsVisible(True)
            pen = series.pen()
            pen.setColor(QColor(COLOURS[barrier]))
            pen.setWidth(2)
            series.setPen(pen)
            for day, score in values:
                series.append(_msecs(day), score + nudge)
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            self.series_by_barrier[barrier] = series
