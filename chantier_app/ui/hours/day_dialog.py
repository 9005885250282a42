"""Entering a paper sign-in sheet (feuille d'émargement): one row per day, the month summed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.errors import AppError, ValidationError
from chantier_app.domain.fr_format import format_minutes, format_month
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.hours import daily as hours_daily
from chantier_app.ui.errors import show_error
from chantier_app.ui.hours import cells
from chantier_app.ui.hours.day_model import DaySheetModel
from chantier_app.ui.hours.grid_view import HoursTableView


class DaySheetDialog(QDialog):
    def __init__(
        self, ctx: AppContext, contract_id: int, month: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.contract_id = contract_id
        self.month = month
        sheet = ctx.read(hours_daily.day_sheet, contract_id, month)
        self.setWindowTitle(tr("Feuille d'émargement — {name}").format(name=sheet.person_name))
        self.model = DaySheetModel(self)
        self.model.on_change = self._refresh_messages
        text = tr("<b>{name}</b> — {contract}<br>{month} : le mois est la somme des jours.")
        if sheet.month_total is not None:
            text += "<br>" + tr(
                "<b>Ce mois a été saisi en total : {total}.</b> Les jours ci-dessous sont vides ; "
                "enregistrer des heures par jour remplacera ce total (confirmation demandée)."
            ).format(total=format_minutes(sheet.month_total.total))
        heading = QLabel(
            text.format(
                name=sheet.person_name,
                contract=sheet.contract_label,
                month=format_month(month).capitalize(),
            )
        )
        heading.setObjectName("dayHeading")
        heading.setWordWrap(True)
        self.view = HoursTableView(self.model)
        self.view.setObjectName("daySheet")
        self.messages = QListWidget()
        self.messages.setObjectName("dayMessages")
        self.messages.setMaximumHeight(90)
        self.status = QLabel()
        self.status.setObjectName("dayStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            tr("Enregistrer"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        buttons.addButton(tr("Annuler"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.messages)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.model.load(sheet)
        if sheet.locked:
            self.save_button.setEnabled(False)
            self.status.setText(tr("Mois déclaré : la feuille est en lecture seule."))
        for column, width in enumerate([110] + [92] * 6 + [70]):
            self.view.setColumnWidth(column, width)
        self.resize(860, 640)

    def _refresh_messages(self) -> None:
        self.messages.clear()
        for message in self.model.messages():
            item = QListWidgetItem(message.text)
            item.setForeground(
                QColor("#b00020") if message.severity == "error" else QColor("#8a5300")
            )
            self.messages.addItem(item)
        self.messages.setVisible(self.messages.count() > 0)

    def save(self) -> None:
        self.view.setFocus()
        if self.model.has_errors():
            self.status.setText(tr("Corrigez les cellules en rouge : rien n'a été enregistré."))
            return
        days = self.model.days()
        try:
            saved = cells.save_after_warnings(
                self,
                lambda acknowledged: self.ctx.run(
                    hours_daily.save_days,
                    self.contract_id,
                    self.month,
                    days,
                    acknowledge_warnings=acknowledged,
                ),
                tr("Enregistrer quand même ?"),
            )
        except AppError as error:
            self._refused(error)
            return
        if saved is None:  # the user declined: what was stored stays as it was
            self.status.setText(tr("Rien n'a été enregistré."))
            return
        self.accept()

    def _refused(self, error: AppError) -> None:
        if isinstance(error, ValidationError):
            self.status.setText("\n".join(v.message for v in error.violations))
        else:
            show_error(self, error)
