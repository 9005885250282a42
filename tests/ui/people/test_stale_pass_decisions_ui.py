"""A PASS IAE's suspension or prolongation saved by another office while the tab showed it
here: correcting or cancelling it from the tab's copy is refused in French above the
dialog's buttons (who saved, at what time), the form kept as typed, the other office's
values kept (issue 21, several writers); reloaded, the tab's edit goes through."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_corrections import (
    correct_pass_prolongation,
    correct_pass_suspension,
)
from chantier_app.services.people.pass_iae import PassInput, ProlongationInput, SuspensionInput
from chantier_app.ui.person.eligibility_corrections import CancelRecordDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.person.pass_dialogs import ProlongationDialog, SuspensionDialog
from tests import support_factory as f
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.other_office import stale_text
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _save
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of

D = dt.date
SICK = PassSuspensionReason.SICKNESS
HARD = PassProlongationReason.DIFFICULTIES
SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def _click(qtbot, tab, name: str) -> None:
    qtbot.mouseClick(tab.findChild(QPushButton, name), Qt.MouseButton.LeftButton)


def _data(database) -> dict[str, object]:
    """Every table but the trail, which the refusal writes its line to."""
    tables = dump(database)
    tables.pop("audit_entry")
    return tables


def _row(ctx, model, record_id: int) -> tuple[object, ...]:
    with ctx.database.reading() as session:
        row = session.get(model, record_id, execution_options=including_cancelled())
        assert row is not None
        return row.end_date, row.notes, row.version, row.cancelled_at is not None


def test_a_decision_saved_elsewhere_refuses_the_tabs_correction_and_cancellation(
    qtbot, ctx, database, other_office
) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        person_id = person.id
    pass_id = ctx.run(pass_iae.add_pass, person_id, PassInput("99999 25 12345", D(2025, 1, 1)))
    suspension = ctx.run(
        pass_iae.add_suspension, pass_id, SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 10))
    )
    prolongation = ctx.run(
        pass_iae.add_prolongation,
        pass_id,
        ProlongationInput(HARD, D(2027, 1, 10), D(2027, 6, 30)),
    )
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person_id, "eligibility")
    tab = file.tab("eligibility")

    # Meanwhile, another office completes the suspension's notes.
    other_office.run(
        correct_pass_suspension,
        suspension,
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 10), "Arrêt reçu"),
        expected_version=1,
    )
    refusal = stale_text(ctx, "pass_suspension", suspension)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    seen: list[tuple[str, bool, str]] = []

    def correct_suspension(dialog: QDialog) -> None:
        assert isinstance(dialog, SuspensionDialog)
        before = _data(database)
        type_into(qtbot, dialog.notes, "Prolonge par le medecin")
        _save(qtbot, dialog)
        _fits(dialog)
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "stale_suspension.png"))
        seen.append((dialog.general_error.text(), dialog.isVisible(), dialog.notes.text()))
        assert _data(database) == before

    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Suspension"))
    on_next_dialog(correct_suspension)
    _click(qtbot, tab, "btn_correct_event")
    assert seen == [(refusal, True, "Prolonge par le medecin")]
    assert _row(ctx, m.PassSuspension, suspension) == (D(2025, 5, 10), "Arrêt reçu", 2, False)

    # The prolongation's end corrected elsewhere: the tab's correction and cancellation of
    # its stale copy are refused.
    other_office.run(
        correct_pass_prolongation,
        prolongation,
        ProlongationInput(HARD, D(2027, 1, 10), D(2027, 5, 31)),
        "Décision relue",
        expected_version=1,
    )
    refusal = stale_text(ctx, "pass_prolongation", prolongation)
    seen.clear()

    def correct_prolongation(dialog: QDialog) -> None:
        assert isinstance(dialog, ProlongationDialog)
        type_into(qtbot, dialog.end, "31/03/2027")
        _save(qtbot, dialog)
        seen.append((dialog.general_error.text(), dialog.isVisible(), dialog.end.text()))

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelRecordDialog)
        type_into(qtbot, dialog.reason, "Decision refusee")
        _save(qtbot, dialog)
        if SHOTS and dialog.isVisible():
            _fits(dialog)
            dialog.grab().save(os.path.join(SHOTS, f"stale_cancel_{len(seen)}.png"))
        seen.append((dialog.general_error.text(), dialog.isVisible(), dialog.reason.text()))

    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))
    on_next_dialog(correct_prolongation)
    _click(qtbot, tab, "btn_correct_event")
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))
    on_next_dialog(cancel)
    _click(qtbot, tab, "btn_cancel_event")
    assert seen == [
        (refusal, True, "31/03/2027"),
        (refusal, True, "Decision refusee"),
    ]
    assert _row(ctx, m.PassProlongation, prolongation) == (D(2027, 5, 31), None, 2, False)

    # Reloaded, the prolongation is cancelled; the suspension, corrected elsewhere again
    # since, is not cancelled from the copy loaded before that.
    tab.refresh()
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Prolongation"))
    seen.clear()
    on_next_dialog(cancel)
    _click(qtbot, tab, "btn_cancel_event")
    assert [visible for _text, visible, _typed in seen] == [False]  # accepted: closed
    seen.clear()
    assert _row(ctx, m.PassProlongation, prolongation)[3] is True
    assert [e.kind for e in tab.events.rows()] == ["suspension"]
    other_office.run(
        correct_pass_suspension,
        suspension,
        SuspensionInput(SICK, D(2025, 5, 1), D(2025, 5, 12), "Arrêt reçu"),
        expected_version=2,
    )
    click_row(qtbot, tab.event_view, row_of(tab.event_view, "Suspension"))
    on_next_dialog(cancel)
    _click(qtbot, tab, "btn_cancel_event")
    assert seen == [(stale_text(ctx, "pass_suspension", suspension), True, "Decision refusee")]
    assert _row(ctx, m.PassSuspension, suspension) == (D(2025, 5, 12), "Arrêt reçu", 3, False)
