"""Cancelling a review still to hold and restoring it from the person's « Accompagnement »
tab, then reading « Historique des modifications », as the CIP does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.services.support import barriers
from chantier_app.services.support import milestones as support
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.support.milestone_dialogs import (
    CancelActionDialog,
    CancelPlannedDialog,
    RestoreMilestoneDialog,
)
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history
from tests.ui.support.support_gui import click_row, on_next_dialog, row_of


def test_cancel_a_review_to_hold_restore_it_and_read_the_history(qtbot, world, nav) -> None:
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "support")
    tab = file.tab("support")
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    assert tab.cancel_review_button.isEnabled() and not tab.correct_review_button.isEnabled()
    assert not tab.restore_button.isEnabled()
    seen: list[tuple[str, bool]] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelPlannedDialog)
        _fits(dialog)
        before = dump(world.cip.database)
        # A review of the follow-up schedule: the reason first, the button waits for it.
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dump(world.cip.database) == before
        type_into(qtbot, dialog.reason, "Remplace par le bilan de renouvellement")
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_review_button, Qt.MouseButton.LeftButton)
    assert seen == [
        ("Motif de l'annulation : obligatoire, c'est un entretien du calendrier de suivi.", False),
        ("", True),
    ]
    review = next(
        x for x in world.cip.read(support.list_milestones, world.person_id)
        if x.kind.label == "Bilan à 3 mois"
    )  # fmt: skip
    assert review.status is MilestoneStatus.CANCELLED

    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    assert tab.restore_button.isEnabled() and not tab.cancel_review_button.isEnabled()

    def restore(dialog: QDialog) -> None:
        assert isinstance(dialog, RestoreMilestoneDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Annule par erreur")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    on_next_dialog(restore)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert (
        world.cip.read(support.get_milestone, review.id).status
        is review.__class__(**{**review.__dict__, "status": MilestoneStatus.TO_PLAN}).status
    )

    lines = _history(file)
    assert [line[2] for line in lines] == ["Correction — entretien", "Annulation — entretien"]
    assert lines[0][3].startswith("Bilan à 3 mois prévu le ") and lines[0][3].endswith(
        "rétabli (à planifier)"
    )
    assert lines[0][4] == "Annule par erreur"
    assert (
        lines[1][3].endswith("annulé") and lines[1][4] == "Remplace par le bilan de renouvellement"
    )


def test_cancel_an_action_on_a_barrier_and_read_the_history(qtbot, world, nav) -> None:
    world.cip.run(
        barriers.add_action,
        world.person_id,
        barriers.ActionInput(Barrier.MOBILITY, "Permis B", "Auto-ecole sociale"),
    )
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "support")
    tab = file.tab("support")
    assert not tab.cancel_action_button.isEnabled()  # no action picked yet
    click_row(qtbot, tab.actions, 0)
    assert tab.cancel_action_button.isEnabled()

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelActionDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Doublon")
        qtbot.mouseClick(
            dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
        )

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_action_button, Qt.MouseButton.LeftButton)
    assert tab.actions.rows() == []
    lines = _history(file)
    assert [line[2:] for line in lines] == [
        ["Annulation — action sur un frein", "action « Permis B » (Mobilité) annulée", "Doublon"]
    ]
