"""The frame of every contract dialog: rules checked live, errors block, warnings need a tick.

A subclass builds its form with ``add_field`` and implements ``evaluate`` (the service
input and every violation, computed by the pure rule engine on the person's history
while the user types) and ``save`` (the service call, in one transaction). On « OK »,
the service checks again against the database; a refusal keeps the dialog open with
its messages.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from chantier_app.domain.correction_consequences import DECLARED_FLAG, Consequence
from chantier_app.domain.errors import (
    AppError,
    Severity,
    StaleEditError,
    ValidationError,
    Violation,
    errors_only,
    warnings_only,
)
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.ui.errors import show_error
from chantier_app.ui.widgets.forms import ERROR_STYLE, Grower, LiveFieldErrors


class ConsequencesPanel(QGroupBox):
    """« Ce que la correction change » : each consequence on its line, those touching a
    month declared to the ASP flagged, those that refuse the correction in red."""

    MAX_HEIGHT = 220

    def __init__(self) -> None:
        super().__init__(tr("Ce que la correction change"))
        self.setObjectName("consequences")
        self.label = QLabel()
        self.label.setObjectName("consequences_text")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.scroll)
        # As tall as its lines: the dialog's spare height goes elsewhere, not around them.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.lines: list[str] = []
        self.plain = ""

    def show_consequences(self, found: Sequence[Consequence]) -> None:
        self.lines = [c.line for c in found]
        self.plain = ""
        if not found:
            self._plain(
                tr("Rien d'autre ne change : heures, entretiens, autres contrats et relevés "
                   "déjà déclarés restent tels quels.")
            )  # fmt: skip
            return
        items = []
        for item in found:
            text = html.escape(item.text, quote=False)
            if item.declared:
                text += f" (<b>{html.escape(DECLARED_FLAG, quote=False)}</b>)"
            color = ERROR_STYLE if item.blocking else ""
            # Paragraphs with a hanging bullet: a <ul> or a <table> gets margins from Qt's
            # rich text that no style removes (empty space above and below the lines).
            items.append(
                f'<p style="margin: 0px; margin-left: 14px; text-indent: -14px; {color}">'
                f"•&nbsp;{text}.</p>"
            )
        self.label.setText("".join(items))
        self._fit()

    def show_pending(self) -> None:
        self.lines = []
        self._plain(
            tr("Saisie incomplète : ce que la correction change s'affiche dès qu'elle se lit.")
        )

    def _plain(self, text: str) -> None:
        self.plain = text
        self.label.setText(html.escape(text, quote=False))
        self._fit()

    def _fit(self) -> None:
        """As tall as the lines, up to MAX_HEIGHT: a longer list scrolls, so the buttons stay
        on a 720 px screen."""
        width = max(self.scroll.viewport().width(), 500)
        needed = self.label.heightForWidth(width) + 2
        self.scroll.setFixedHeight(min(needed, self.MAX_HEIGHT))

    @property
    def text(self) -> str:
        """The lines as plain text (tests, accessibility)."""
        return "\n".join(self.lines) if self.lines else self.plain


class ActionDialog(QDialog):
    # What the save button says it does (« Enregistrer » when not given).
    save_text = ""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.result_view: Any = None
        self._data: Any = None
        self._warnings: tuple[str, ...] = ()
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        layout.addWidget(self.intro)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.general = QLabel()
        self.general.setObjectName("general_messages")
        self.errors = LiveFieldErrors(self.general)
        layout.addWidget(self.general)
        self.consequences = ConsequencesPanel()
        self.consequences.hide()
        layout.addWidget(self.consequences)
        self.acknowledge = QCheckBox(
            tr("J'ai pris connaissance des avertissements et je confirme l'enregistrement.")
        )
        self.acknowledge.setObjectName("acknowledge")
        self.acknowledge.hide()
        self.acknowledge.toggled.connect(self._update_ok)
        layout.addWidget(self.acknowledge)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.save_text or tr("Enregistrer"))
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._errors: list[Violation] = []
        self.error_labels: dict[str, QLabel] = {}
        self.building = False  # while True, edits made to fill the form check nothing yet
        self._grower = Grower(
            self, preferred=True
        )  # taller when new messages or consequences need it

    # Building -------------------------------------------------------------------------------
    def set_intro(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def add_field(self, field: str, label: str, widget: QWidget) -> QWidget:
        """Add a row whose messages show under ``widget``; any edit re-checks the form."""
        self.error_labels[field] = self.errors.add_row(self.form, field, label, widget)
        widget.setObjectName(field)
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.refresh)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.refresh)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.refresh)
        return widget

    # To implement ---------------------------------------------------------------------------
    def evaluate(self) -> tuple[Any, list[Violation]]:
        """The service input (None when the form cannot make one) and every violation."""
        raise NotImplementedError

    def save(self, data: Any, acknowledge: Sequence[str]) -> Any:
        raise NotImplementedError

    def preview(self, data: Any) -> Sequence[Consequence] | None:
        """What saving ``data`` would change around the record (None: no panel)."""
        return None

    # Live checking --------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.building:
            return
        data, violations = self.evaluate()
        self._data = data
        self._show_consequences(data)
        self._errors = errors_only(violations)
        warnings = warnings_only(violations)
        self.errors.show_live(self._errors + warnings)
        codes = tuple(dict.fromkeys(w.code for w in warnings))
        if codes != self._warnings:
            self.acknowledge.setChecked(False)  # a new warning must be read again
            self._warnings = codes
        self.acknowledge.setVisible(bool(codes))
        self._update_ok()
        self._grower.start()

    def _show_consequences(self, data: Any) -> None:
        if data is None:
            if self.consequences.isVisible():  # an unreadable date: nothing to compare yet
                self.consequences.show_pending()
            return
        try:
            found = self.preview(data)
        except AppError:
            found = None  # the record cannot be read as corrected: the messages say why
        if found is None:
            self.consequences.hide()
            return
        self.consequences.show_consequences(found)
        self.consequences.show()

    def _update_ok(self) -> None:
        ready = self._data is not None and not self._errors
        self.ok_button.setEnabled(ready and (not self._warnings or self.acknowledge.isChecked()))

    @property
    def messages(self) -> str:
        """Every message shown (under the fields and above the buttons), for tests and users."""
        labels = [label for _, label in self.errors._fields.values()] + [self.general]
        unique = list({id(label): label for label in labels}.values())  # a row's fields share one
        return "\n".join(label.text() for label in unique if label.text())

    def accept(self) -> None:
        self.refresh()
        if not self.ok_button.isEnabled():
            return
        try:
            self.result_view = self.save(self._data, self._warnings)
        except (ValidationError, StaleEditError) as refused:
            # The database said no (it changed since the dialog opened): show why, stay open.
            violations = (
                refused.violations
                if isinstance(refused, ValidationError)
                else [Violation("changed_meanwhile", refused.message)]  # saved elsewhere
            )
            self.errors.show_live(violations)
            self._errors = [v for v in violations if v.severity is Severity.ERROR]
            self._update_ok()
            self.ok_button.setEnabled(False)
            return
        except AppError as error:
            show_error(self, error)
            return
        super().accept()

    def keyPressEvent(self, event: Any) -> None:
        # Enter in a line edit saves only when allowed; Échap always cancels.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not self.ok_button.isEnabled():
            return
        super().keyPressEvent(event)
