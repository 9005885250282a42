"""The dashboard's « À faire » panel: the to-do list, and a way to the full page."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.pages import Navigator
from chantier_app.ui.support.todo import TodoList


class TodoPanel(QGroupBox):
    def __init__(self, ctx: AppContext, nav: Navigator, *, today: dt.date | None = None) -> None:
        super().__init__(tr("À faire"))
        self.setObjectName("todo_panel")
        layout = QVBoxLayout(self)
        self.todo = TodoList(ctx, nav, today=today, compact=True)
        self.todo.setMinimumHeight(240)
        layout.addWidget(self.todo)
        if self.todo.allowed:
            row = QHBoxLayout()
            row.addStretch(1)
            more = QPushButton(tr("Tout voir dans Accompagnement"))
            more.setObjectName("todo_more")
            more.clicked.connect(lambda: nav.show_page("support"))
            row.addWidget(more)
            layout.addLayout(row)

    def refresh(self) -> None:
        self.todo.refresh()

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        if first.todo is None:
            self.todo.refresh()
        else:
            self.todo.show_items(list(first.todo))


def todo_panel(ctx: AppContext, nav: Navigator) -> TodoPanel:
    """The factory registered in ``ui/dashboard``."""
    return TodoPanel(ctx, nav)
