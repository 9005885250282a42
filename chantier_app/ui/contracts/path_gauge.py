"""A bar of the person's path in CDDI: months done, months planned, the 24 and 60 limits."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from chantier_app.domain.contract_dates import Duration
from chantier_app.i18n import tr

DONE = QColor("#2f6db5")
PLANNED = QColor("#9cc0e8")
LIMIT_24 = QColor("#c27c0e")
LIMIT_60 = QColor("#b00020")
TRACK = QColor("#e6e6e6")
AVERAGE_MONTH_DAYS = 30.44  # for drawing only: the bar's position, never a business figure


def months_of(duration: Duration) -> float:
    return duration.months + duration.days / AVERAGE_MONTH_DAYS


class PathGauge(QWidget):
    """0 to 60 months, with ticks at 24 (limit without a reason) and 60 (absolute limit)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.done = Duration(0, 0)
        self.planned = Duration(0, 0)
        self.setMinimumHeight(46)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            tr("Mois de CDDI successifs : réalisés (foncé) et prévus (clair) ; 24 et 60 mois.")
        )

    def set_path(self, done: Duration, planned: Duration) -> None:
        self.done, self.planned = done, planned
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(480, 46)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        margin = 8.0
        width = self.width() - 2 * margin
        top, bar = 6.0, 16.0

        def x(months: float) -> float:
            return margin + width * min(months, 60.0) / 60.0

        painter.fillRect(QRectF(margin, top, width, bar), TRACK)
        planned = months_of(self.planned)
        done = months_of(self.done)
        painter.fillRect(QRectF(margin, top, x(planned) - margin, bar), PLANNED)
        painter.fillRect(QRectF(margin, top, x(done) - margin, bar), DONE)
        for months, color in ((24, LIMIT_24), (60, LIMIT_60)):
            painter.setPen(QPen(color, 2))
            painter.drawLine(int(x(months)), int(top - 3), int(x(months)), int(top + bar + 3))
        painter.setPen(self.palette().text().color())
        baseline = int(top + bar + 16)
        for months in (0, 12, 24, 36, 48, 60):
            text = tr("{n} mois").format(n=months)
            metrics = painter.fontMetrics()
            left = x(months) - metrics.horizontalAdvance(text) / 2
            left = max(0.0, min(left, self.width() - metrics.horizontalAdvance(text)))
            painter.drawText(int(left), baseline, text)
        painter.end()

    def minimumSizeHint(self) -> QSize:
        return QSize(240, 46)
