"""Small dialogs of the Éligibilité et PASS IAE tab: PASS, suspension, prolongation.

Each dialog saves through one service call; a refused input keeps the dialog open with
the messages under the fields. A correction runs the service's rules while the user types
(``LiveFormDialog``, its ``check_*`` function): the save button stays disabled while one
refuses it; a new record is checked on save (its empty form is not an error).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPlainTextEdit,
)

from chantier_app.domain import pass_iae as rules
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.errors import Violation
from chantier_app.domain.fr_format import format_date
from chantier_app.i18n import tr
from chantier_app.services.context import AppContext
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_corrections import (
    check_pass_correction,
    check_pass_prolongation_correction,
    check_pass_suspension_correction,
    correct_pass,
    correct_pass_prolongation,
    correct_pass_suspension,
    prolongation_correction_input,
)
from chantier_app.ui.people.fields import CodeCombo, text_or_none
from chantier_app.ui.widgets.forms import DateField, LiveFormDialog

_CHECKED_AGAIN = tr(
    "La correction est vérifiée comme une nouvelle saisie ; la version précédente est gardée "
    "dans l'historique des modifications."
)


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("intro")
    label.setWordWrap(True)
    return label


class PassDialog(LiveFormDialog):
    def __init__(
        self, ctx: AppContext, person_id: int, current: pass_iae.PassView | None = None, parent=None
    ) -> None:  # type: ignore[no-untyped-def]
        super().__init__(
            ctx, tr("Corriger le PASS IAE") if current else tr("Nouveau PASS IAE"), parent
        )
        self.person_id, self.current = person_id, current
        if current:
            self.form.addRow(_intro(_CHECKED_AGAIN))
        self.number = self.row("number", tr("Numéro *"), QLineEdit())
        self.number.setPlaceholderText(tr("12 chiffres, ex. 99999 26 12345"))
        self.start = self.row("start_date", tr("Début *"), DateField())
        self.end = self.row("end_date", tr("Fin (avant suspensions)"), DateField())
        self.end.setPlaceholderText(tr("vide : 2 ans"))
        self.notes = self.row("notes", tr("Notes"), QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.why = QLineEdit()
        if current:
            self.row("reason", tr("Motif de la correction"), self.why)
        self.start.editingFinished.connect(self._suggest_end)
        if current:
            self.number.setText(current.formatted_number)
            self.start.set_date(current.start)
            self.end.set_date(current.initial_end)
            self.notes.setPlainText(current.notes or "")
            self.save_button.setText(tr("Enregistrer la correction"))
        self.live = current is not None
        self.finish_layout()

    def _suggest_end(self) -> None:
        try:
            start = self.start.date()
        except ValueError:
            return
        if start and not self.end.text().strip():
            self.end.set_date(rules.default_end(start))

    def _data(self) -> pass_iae.PassInput:
        d = self.dates(start_date=(self.start, tr("Début")), end_date=(self.end, tr("Fin")))
        return pass_iae.PassInput(
            self.number.text(), d["start_date"], d["end_date"], self.notes.toPlainText()
        )

    def check(self) -> list[Violation]:
        assert self.current is not None  # live only for a correction
        return self.ctx.read(check_pass_correction, self.current.id, self._data(), self.why.text())

    def submit(self) -> None:
        data = self._data()
        if self.current is None:
            self.ctx.run(pass_iae.add_pass, self.person_id, data)
        else:
            self.ctx.run(
                correct_pass,
                self.current.id,
                data,
                self.why.text(),
                acknowledge_warnings=self.acknowledged,
                expected_version=self.current.version,
            )


class _PeriodDialog(LiveFormDialog):
    """Reason and dates of a suspension or a prolongation."""

    def __init__(self, ctx: AppContext, title: str, reasons: type, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx, title, parent)
        # Wide enough for the messages said while typing (at 350 px one word a line).
        self.setMinimumWidth(480)
        self.reason = self.row("reason", tr("Motif *"), CodeCombo(reasons))
        self.start = self.row("start_date", tr("Du *"), DateField())
        self.end = self.row("end_date", tr("Au (inclus) *"), DateField())

    def period(self) -> dict[str, dt.date | None]:
        return self.dates(start_date=(self.start, tr("Du")), end_date=(self.end, tr("Au")))


class SuspensionDialog(_PeriodDialog):
    """A new suspension, or ``existing`` corrected (its reason asked, the previous kept)."""

    def __init__(
        self,
        ctx: AppContext,
        current: pass_iae.PassView,
        parent=None,  # type: ignore[no-untyped-def]
        existing: pass_iae.SuspensionView | None = None,
    ) -> None:
        title = (
            tr("Corriger la suspension du PASS IAE") if existing else tr("Suspendre le PASS IAE")
        )
        super().__init__(ctx, title, PassSuspensionReason, parent)
        self.current, self.existing = current, existing
        self.notes = self.row("notes", tr("Notes"), QLineEdit())
        self.why = QLineEdit()
        if existing:
            self.form.insertRow(0, _intro(_CHECKED_AGAIN))
            self.reason.set_value(existing.reason)
            self.start.set_date(existing.start)
            self.end.set_date(existing.end)
            self.notes.setText(existing.notes or "")
            self.row("correction_reason", tr("Motif de la correction"), self.why)
            self.save_button.setText(tr("Enregistrer la correction"))
        self.live = existing is not None
        hint = QLabel(
            tr(
                "Chaque jour suspendu repousse d'un jour la fin du PASS (aujourd'hui le {end}). "
                "Pas de durée maximale (R5132-1-3) ; la plateforme enregistre 36 mois au plus "
                "par suspension."
            ).format(end=format_date(current.end))
        )
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        self.finish_layout()

    def _data(self) -> pass_iae.SuspensionInput:
        d = self.period()
        return pass_iae.SuspensionInput(
            self.reason.value(), d["start_date"], d["end_date"], text_or_none(self.notes)
        )

    def check(self) -> list[Violation]:
        assert self.existing is not None  # live only for a correction
        return self.ctx.read(
            check_pass_suspension_correction, self.existing.id, self._data(), self.why.text()
        )

    def submit(self) -> None:
        data = self._data()
        if self.existing is not None:
            self.ctx.run(
                correct_pass_suspension,
                self.existing.id,
                data,
                self.why.text(),
                acknowledge_warnings=self.acknowledged,
                expected_version=self.existing.version,  # another office's save: refused
            )
            return
        self.ctx.run(
            pass_iae.add_suspension,
            self.current.id,
            data,
            acknowledge_warnings=self.acknowledged,
        )


class ProlongationDialog(_PeriodDialog):
    """A prolongation as the platform decides it: from the PASS's last day, 12 months at
    most, within the ceiling of its reason (every prolongation counted); the latest end
    for the reason chosen is shown while choosing."""

    def __init__(
        self,
        ctx: AppContext,
        current: pass_iae.PassView,
        suggested_start: dt.date,
        parent=None,  # type: ignore[no-untyped-def]
        existing: pass_iae.ProlongationView | None = None,
    ) -> None:
        title = (
            tr("Corriger la prolongation du PASS IAE") if existing else tr("Prolonger le PASS IAE")
        )
        super().__init__(ctx, title, PassProlongationReason, parent)
        self.current, self.existing = current, existing
        # A correction is checked against the PASS without the prolongation corrected.
        self.context = (
            ctx.read(prolongation_correction_input, existing.id)
            if existing
            else ctx.read(pass_iae.prolongation_rules_input, current.id)
        )
        self.start.set_date(suggested_start)
        self.decided = self.row("decided_on", tr("Décision du"), DateField())
        self.notes = self.row("notes", tr("Notes"), QLineEdit())
        self.why = QLineEdit()
        if existing:
            self.reason.set_value(existing.reason)
            self.start.set_date(self.context.current_end)
            self.end.set_date(existing.end)
            self.decided.set_date(existing.decided_on)
            self.notes.setText(existing.notes or "")
            self.row("correction_reason", tr("Motif de la correction"), self.why)
            self.save_button.setText(tr("Enregistrer la correction"))
        self.live = existing is not None
        end = self.context.current_end
        intro = QLabel(
            tr(
                "Le PASS se termine le {end}. Saisissez la décision telle que la plateforme "
                "l'affiche (du {end} au …) ou à partir du lendemain ({next}) : le PASS se "
                "terminera le dernier jour de la prolongation."
            ).format(end=format_date(end), next=format_date(end + dt.timedelta(days=1)))
        )
        intro.setWordWrap(True)
        self.layout_.insertWidget(0, intro)  # what the dates mean, before typing them
        self.setMinimumWidth(480)
        self.limit = QLabel()
        self.limit.setObjectName("prolongationLimit")
        self.limit.setWordWrap(True)
        self.layout_.addWidget(self.limit)
        self.reason.currentIndexChanged.connect(lambda _i: self._show_limit())
        self._show_limit()
        self.finish_layout()

    def _show_limit(self) -> None:
        """The latest end for the reason chosen: 12 months, the ceiling, the training."""
        reason = self.reason.value()
        if reason is None:
            self.limit.setText(tr("12 mois au plus par décision ; plafond cumulé selon le motif."))
            return
        latest = format_date(self.context.latest_end(reason))
        left = rules.remaining_days(reason, self.context.others)
        if left is None:
            text = tr(
                "Pour achever une formation : jusqu'à la fin de la formation, sans plafond "
                "cumulé, 12 mois au plus par décision. Fin au plus tard le {latest}."
            ).format(latest=latest)
        else:
            text = tr(
                "Fin au plus tard le {latest} : 12 mois au plus par décision, et {left} jours "
                "restants sur {ceiling} pour ce motif, toutes prolongations du PASS comptées "
                "(R5132-1-8)."
            ).format(latest=latest, left=left, ceiling=rules.ceiling_days(reason))
        self.limit.setText(text)

    def _data(self) -> pass_iae.ProlongationInput:
        d = self.period() | self.dates(decided_on=(self.decided, tr("Décision du")))
        return pass_iae.ProlongationInput(
            self.reason.value(),
            d["start_date"],
            d["end_date"],
            d["decided_on"],
            text_or_none(self.notes),
        )

    def check(self) -> list[Violation]:
        assert self.existing is not None  # live only for a correction
        return self.ctx.read(
            check_pass_prolongation_correction, self.existing.id, self._data(), self.why.text()
        )

    def submit(self) -> None:
        data = self._data()
        if self.existing is not None:
            self.ctx.run(
                correct_pass_prolongation,
                self.existing.id,
                data,
                self.why.text(),
                acknowledge_warnings=self.acknowledged,
                expected_version=self.existing.version,  # another office's save: refused
            )
            return
        self.ctx.run(
            pass_iae.add_prolongation,
            self.current.id,
            data,
            acknowledge_warnings=self.acknowledged,
        )


OnSaved = Callable[[], None]
