"""A small chart of each barrier's score over time (1 = no barrier, 5 = blocking)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChart, QChartView, QDateTimeAxis, QLineSeries, QValueAxis
from PySide6.QtCore import QDateTime, QMargins, QPointF, Qt
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
    """The axes and one line a barrier are made once and kept: making them anew for each
    file (``removeAllSeries``, then eight ``QLineSeries`` and two axes) cost the scene 285
    deferred updates and 90 items added and removed, 7 ms of CPU a file, the largest part of
    showing a person's file. Each file replaces the points of the lines it needs and hides
    the others."""

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
        self.series_by_barrier: dict[Barrier, QLineSeries] = {}  # the lines shown
        self._lines: dict[Barrier, QLineSeries] = {}  # every line made, shown or not
        self._axes: tuple[QDateTimeAxis, QValueAxis] | None = None
        self._shown: object = None  # the scores drawn: the same ones are not drawn again

    def _made_axes(self) -> tuple[QDateTimeAxis, QValueAxis]:
        if self._axes is None:
            x_axis = QDateTimeAxis()
            x_axis.setFormat("MM/yy")
            y_axis = QValueAxis()
            y_axis.setRange(SCORE_MIN - 0.2, SCORE_MAX + 0.2)
            y_axis.setTickType(QValueAxis.TickType.TicksDynamic)
            y_axis.setTickAnchor(1)
            y_axis.setTickInterval(1)
            y_axis.setLabelFormat("%d")
            y_axis.setTitleText(tr("Cotation"))
            self.chart().addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
            self.chart().addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
            self._axes = (x_axis, y_axis)
        return self._axes

    def _line(self, barrier: Barrier) -> QLineSeries:
        series = self._lines.get(barrier)
        if series is None:
            x_axis, y_axis = self._made_axes()
            series = QLineSeries()
            series.setName(SHORT_LABELS[barrier])
            series.setPointsVisible(True)
            pen = series.pen()
            pen.setColor(QColor(COLOURS[barrier]))
            pen.setWidth(2)
            series.setPen(pen)
            self.chart().addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(y_axis)
            self._lines[barrier] = series
        return series

    def set_points(self, points: list[ScorePoint]) -> None:
        chart = self.chart()
        scores = history(points)
        if scores == self._shown:
            return
        self._shown = scores
        self.series_by_barrier = {}
        if not scores:
            for series in self._lines.values():
                series.setVisible(False)
            for axis in self._axes or ():
                axis.setVisible(False)
            chart.setTitle(tr("Aucun frein coté pour l'instant"))
            return
        chart.setTitle("")
        days = [day for values in scores.values() for day, _ in values]
        first, last = min(days), max(days)
        if first == last:  # one review: give the axis some width
            first, last = first - dt.timedelta(days=15), last + dt.timedelta(days=15)
        x_axis, y_axis = self._made_axes()
        x_axis.setTickCount(min(4, max(2, len(set(days)) + 1)))
        x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(_msecs(first))),
            QDateTime.fromMSecsSinceEpoch(int(_msecs(last))),
        )
        for axis in (x_axis, y_axis):
            axis.setVisible(True)
        for barrier in Barrier:
            values = scores.get(barrier)
            if not values:
                if barrier in self._lines:
                    self._lines[barrier].setVisible(False)
                continue
            # Equal scores would hide each other's line: nudge each barrier a hair apart
            # (at most ±0.1, far below the one-point step the reader reads).
            nudge = (list(Barrier).index(barrier) - 3.5) * 0.025
            series = self._line(barrier)
            series.replace([QPointF(_msecs(day), score + nudge) for day, score in values])
            series.setVisible(True)
            self.series_by_barrier[barrier] = series
