"""The fields of a derogation below 20 h a week: kind, decision, period (D5132-43-5, -8).

The hire, change-of-hours and renewal dialogs share them. Choosing a derogation fills an
empty period with the twelve months the law allows at most, cut at ``default_end``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QLineEdit

from chantier_app.domain.codes.contract_codes import DerogationKind
from chantier_app.domain.derogations import DerogationPeriod, latest_end, period_from
from chantier_app.i18n import tr
from chantier_app.ui.contracts.action_dialog import ActionDialog
from chantier_app.ui.contracts.fields import ChoiceCombo, Reader, code_choices
from chantier_app.ui.widgets.forms import DateField


@dataclass(frozen=True)
class DerogationEntry:
    kind: DerogationKind
    reference: str
    start: dt.date | None
    end: dt.date | None
    decided_on: dt.date | None


class DerogationFields:
    """Five rows of ``dialog``: the derogation, its decision (reference, date), its period."""

    def __init__(
        self,
        dialog: ActionDialog,
        current: DerogationKind = DerogationKind.NONE,
        default_span: Callable[[], tuple[dt.date | None, dt.date | None]] | None = None,
    ) -> None:
        self.default_span = default_span
        self.kind = ChoiceCombo(code_choices(DerogationKind), current)
        self.reference = QLineEdit()
        self.decided_on = DateField()
        self.start = DateField()
        self.end = DateField()
        for field, label, widget in (
            ("derogation", tr("Dérogation (moins de 20 h)"), self.kind),
            ("derogation_reference", tr("Référence de la décision"), self.reference),
            ("derogation_decided_on", tr("Décision du"), self.decided_on),
            ("derogation_start", tr("Dérogation du"), self.start),
            ("derogation_end", tr("Dérogation jusqu'au"), self.end),
        ):
            dialog.add_field(field, label, widget)
        self.end.setToolTip(tr("Douze mois au plus (D5132-43-5, D5132-43-8)."))
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def prefill(self, period: DerogationPeriod) -> None:
        """Show a recorded period (kept as is unless the user changes it)."""
        self.kind.set_value(period.kind)
        self.reference.setText(period.reference or "")
        self.decided_on.set_date(period.decided_on)
        self.start.set_date(period.start)
        self.end.set_date(period.end)

    def new_period(
        self, entry: DerogationEntry, known: Sequence[DerogationPeriod]
    ) -> DerogationPeriod | None:
        """The period typed when it is not one already recorded (same kind and dates)."""
        period = period_from(entry.kind, entry.start, entry.end, entry.reference, entry.decided_on)
        if period is None or any(
            (k.kind, k.start, k.end) == (period.kind, period.start, period.end) for k in known
        ):
            return None
        return period

    def set_enabled(self, enabled: bool) -> None:
        self.kind.setEnabled(enabled)
        self._kind_changed()

    def _kind_changed(self, *_args: object) -> None:
        on = self.kind.isEnabled() and (self.kind.value() or DerogationKind.NONE) is not (
            DerogationKind.NONE
        )
        for widget in (self.reference, self.decided_on, self.start, self.end):
            widget.setEnabled(on)
        if on and not self.start.text().strip() and self.default_span is not None:
            start, end = self.default_span()
            if start is not None:
                self.start.set_date(start)
                last = latest_end(start)
                self.end.set_date(min(last, end) if end is not None else last)

    def read(self, read: Reader) -> DerogationEntry:
        """What is typed; the period is required once a derogation is chosen."""
        value = self.kind.value()
        kind = value if isinstance(value, DerogationKind) else DerogationKind.NONE
        if not self.kind.isEnabled() or kind is DerogationKind.NONE:
            return DerogationEntry(DerogationKind.NONE, "", None, None, None)
        return DerogationEntry(
            kind,
            self.reference.text(),
            read.date("derogation_start", tr("Dérogation du"), self.start),
            read.date("derogation_end", tr("Dérogation jusqu'au"), self.end),
            read.date("derogation_decided_on", tr("Décision du"), self.decided_on, required=False),
        )
