"""The « Heures » page: a month picker over three tabs (entry, monthly statement, FTE)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout

from chantier_app.domain.hours_terms import month_start, month_to_enter
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.roles_matrix import Permission, allowed
from chantier_app.ui.hours.entry_tab import EntryTab
from chantier_app.ui.hours.fte_tab import FteTab
from chantier_app.ui.hours.month_picker import MonthPicker
from chantier_app.ui.hours.statement_tab import StatementTab
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.parts import Command, Page


class HoursPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator, month: dt.date | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        month = month_start(month or month_to_enter(dt.date.today()))
        self.picker = MonthPicker(month)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("<h2>Heures</h2>")))
        top.addStretch(1)
        top.addWidget(QLabel(tr("Mois :")))
        top.addWidget(self.picker)
        self.tabs = QTabWidget()
        go_to_people = (lambda: nav.show_page("people")) if nav is not None else None
        self.entry = EntryTab(ctx, month, go_to_people=go_to_people)
        self.statement = StatementTab(ctx, month)
        self.fte = FteTab(ctx, month.year)
        self.tabs.addTab(self.entry, tr("Saisie du mois"))
        if allowed(ctx.actor, Permission.FIGURES_VIEW):  # not an encadrant's
            self.tabs.addTab(self.statement, tr("Relevé mensuel"))
            self.tabs.addTab(self.fte, tr("ETP"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self._shown_month: dt.date | None = None
        self.picker.month_changed.connect(self._month_changed)
        self.tabs.currentChanged.connect(lambda _i: self._load_current())

    def on_shown(self) -> None:
        self._load_current()

    def command(self, command: Command) -> bool:
        """Ctrl+S saves the month's grid (« Fichier → Enregistrer »)."""
        if command is Command.SAVE and self.tabs.currentWidget() is self.entry:
            self.entry.save()
            return True
        return False

    def keep_or_drop_changes(self) -> bool:
        """Hours typed and not saved: asked before the application closes."""
        return self.entry.keep_or_drop_changes()

    def month(self) -> dt.date:
        return self.picker.month()

    def _month_changed(self, month: dt.date) -> None:
        if self._shown_month is not None and not self.entry.keep_or_drop_changes():
            self.picker.set_month(self._shown_month, notify=False)
            return
        self._load_current()

    def _load_current(self) -> None:
        month = self.picker.month()
        current = self.tabs.currentWidget()
        if current is self.entry:
            if month != self._shown_month or not self.entry.is_dirty():  # keep what is typed
                self.entry.load(month)
            self._shown_month = month
        elif current is self.statement:
            self.statement.load(month)
        else:
            self.fte.reload()
