"""« Mise en route » on the direction's Tableau de bord: the set-up steps, each with what to
do and a button to the screen where it is done; hidden once every step is done."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout

from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.pages import Navigator

if TYPE_CHECKING:  # the demo's first screen shows before SQLAlchemy loads
    from chantier_app.services.dashboard.setup import SetupChecklist, SetupStep

DONE, TO_DO = "✔", "○"


class SetupPanel(QGroupBox):
    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        super().__init__(tr("Mise en route"))
        self.setObjectName("setupPanel")
        self.ctx = ctx
        self.nav = nav
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("setupSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.grid = QGridLayout()
        layout.addLayout(self.grid)
        self.buttons: dict[str, QPushButton] = {}
        self.checklist: SetupChecklist | None = None
        self.hide()  # shown once read, if something is left to do

    def refresh(self) -> None:
        from chantier_app.services import dashboard

        self.show_checklist(self.ctx.read(dashboard.setup_checklist))

    def show_first_screen(self, first) -> None:  # type: ignore[no-untyped-def]
        self.hide()  # only the demo is read before the services load: it is set up

    def show_checklist(self, checklist: SetupChecklist) -> None:
        self.checklist = checklist
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        self.buttons.clear()
        left = sum(1 for step in checklist.steps if not step.done)
        self.summary.setText(
            tr(
                "Pour commencer, dans cet ordre ({n} étape(s) sur {total} à faire). Ce cadre "
                "disparaît quand tout est prêt."
            ).format(n=left, total=len(checklist.steps))
        )
        for row, step in enumerate(checklist.steps):
            mark = QLabel(DONE if step.done else TO_DO)
            text = QLabel(f"<b>{step.title}</b> — {step.hint}")
            text.setWordWrap(True)
            text.setEnabled(not step.done)
            button = QPushButton(tr("Ouvrir"))
            button.setObjectName(f"setup_{step.key}")
            button.clicked.connect(lambda _=False, s=step: self._open(s))
            self.buttons[step.key] = button
            self.grid.addWidget(mark, row, 0)
            self.grid.addWidget(text, row, 1)
            self.grid.addWidget(button, row, 2)
        self.grid.setColumnStretch(1, 1)
        self.setVisible(not checklist.done)

    def _open(self, step: SetupStep) -> None:
        if step.key == "people":
            self.nav.show_page("people")
        else:
            self.nav.open_settings(step.key)
