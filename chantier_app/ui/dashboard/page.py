"""Tableau de bord: the association's name and the panels of every area."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from PySide6.QtWidgets import QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.dashboard.figures import Heading
from chantier_app.ui.dashboard import dashboard_panels
from chantier_app.ui.pages import Navigator
from chantier_app.ui.widgets.parts import DashboardPanel, Page

if TYPE_CHECKING:
    from chantier_app.services.dashboard.first_screen import FirstScreen


class DashboardPage(Page):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__()
        self.ctx = ctx
        self.nav = nav
        outer = QVBoxLayout(self)
        self.heading = QLabel()
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        self.panels: list[QWidget] = []
        row = column = 0
        for spec in dashboard_panels(ctx.actor):
            panel = spec.factory(ctx, nav)
            self.panels.append(panel)
            if spec.wide:
                row += column  # a half row left open is closed first
                grid.addWidget(panel, row, 0, 1, 2)
                row, column = row + 1, 0
            else:
                grid.addWidget(panel, row, column)
                row, column = row + column, 1 - column
        grid.setRowStretch(row + 1, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

    def on_shown(self) -> None:
        # At start-up, the main window holds the figures read before SQLAlchemy loaded.
        first = self.nav.take_first_screen()
        if first is not None:
            self.show_first_screen(first)
        else:
            self.refresh()

    def refresh(self) -> None:
        from chantier_app.services.dashboard import home as dashboard

        self._show_heading(self.ctx.read(dashboard.heading))
        for panel in self.panels:
            cast(DashboardPanel, panel).refresh()

    def show_first_screen(self, first: FirstScreen) -> None:
        """The figures read at start-up; a panel that cannot show them refreshes itself."""
        self._show_heading(first.heading)
        for panel in self.panels:
            cast(DashboardPanel, panel).show_first_screen(first)

    def _show_heading(self, heading: Heading) -> None:
        name = heading.structure_name or tr("Structure non renseignée")
        suffix = tr(" — données de démonstration") if heading.is_demo else ""
        self.heading.setText(f"<h2>{name}{suffix}</h2>")
