"""Correcting an action on a barrier and a confidential note from the person's
« Accompagnement » tab, then reading « Historique des modifications », as the CIP does."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.services.support import barriers
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.support.dialogs import ActionDialog
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history
from tests.ui.support.support_gui import click_row, on_next_dialog

SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def _shot(dialog: QDialog, name: str) -> None:
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, f"{name}.png"))


def _file(qtbot, world, nav) -> PersonFile:
    file = PersonFile(world.cip, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "support")
    return file


def test_correct_an_action_on_a_barrier_and_read_the_history(qtbot, world, nav) -> None:
    world.cip.run(
        barriers.add_action,
        world.person_id,
        barriers.ActionInput(Barrier.MOBILITY, "Permis B", "Auto-ecole sociale"),
    )
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    assert not tab.correct_action_button.isEnabled()  # no action picked yet
    click_row(qtbot, tab.actions, 0)
    assert tab.correct_action_button.isEnabled()
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionDialog)
        _fits(dialog)
        save = dialog.save_button
        assert save.text() == "Enregistrer la correction"
        seen.append((dialog.messages, save.isEnabled()))  # as it opens: nothing changed
        before = dump(world.cip.database)
        type_into(qtbot, dialog.description, " ")  # emptied: the rule shows at once
        seen.append((dialog.messages, save.isEnabled()))
        assert dump(world.cip.database) == before
        type_into(qtbot, dialog.description, "Permis B")
        type_into(qtbot, dialog.partner, "Wimoov")
        type_into(qtbot, dialog.reason, "Mauvais partenaire")
        seen.append((dialog.messages, save.isEnabled()))
        _shot(dialog, "action_correction")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(("accepted", dialog.result() == QDialog.DialogCode.Accepted))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_action_button, Qt.MouseButton.LeftButton)
    assert seen == [
        ("Correction : rien n'a changé.", False),
        ("Action : à décrire.", False),
        ("", True),
        ("accepted", True),
    ]
    assert [a.partner for a in tab.actions.rows()] == ["Wimoov"]  # the list refreshed
    lines = _history(file)
    assert [line[2:] for line in lines] == [
        [
            "Correction — action sur un frein",
            "action sur un frein : partenaire : Auto-ecole sociale → Wimoov",
            "Mauvais partenaire",
        ]
    ]
