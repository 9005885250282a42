"""Correcting an action on a barrier and a confidential note from the person's
« Accompagnement » tab, then reading « Historique des modifications », as the CIP does."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.services.support import barriers, sensitive_notes
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.support.dialogs import ActionDialog, CancelNoteDialog, NoteDialog
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog

SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def _shot(dialog: QWidget, name: str) -> None:
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


def test_correct_then_cancel_a_confidential_note_and_read_the_history(qtbot, world, nav) -> None:
    world.cip.run(
        sensitive_notes.add_note,
        world.person_id,
        sensitive_notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "Suivi CSAPA"),
    )
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    assert not tab.correct_note_button.isEnabled()  # no note picked yet
    click_row(qtbot, tab.notes, 0)
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        _fits(dialog)
        save = dialog.save_button
        seen.append((dialog.messages, save.isEnabled()))  # as it opens: nothing changed
        dialog.text.setPlainText("")  # emptied: the rule shows at once
        seen.append((dialog.messages, save.isEnabled()))
        dialog.text.setPlainText("Suivi CMP")
        seen.append((dialog.messages, save.isEnabled()))
        _shot(dialog, "note_correction")
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(("accepted", dialog.result() == QDialog.DialogCode.Accepted))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_note_button, Qt.MouseButton.LeftButton)
    assert seen == [
        ("Correction : rien n'a changé.", False),
        ("Note : le texte est vide.", False),
        ("", True),
        ("accepted", True),
    ]
    assert [n.text for n in tab.notes.rows()] == ["Suivi CMP"]  # the list refreshed
    click_row(qtbot, tab.notes, 0)
    _shot(file, "support_tab")

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelNoteDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Mauvais dossier")
        _shot(dialog, "note_cancel")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_note_button, Qt.MouseButton.LeftButton)
    assert tab.notes.rows() == []
    lines = _history(file)
    assert [line[2:] for line in lines] == [
        [
            "Annulation — note confidentielle",
            "note confidentielle du 01/04/2026 annulée",
            "Mauvais dossier",
        ],
        ["Correction — note confidentielle", "note confidentielle : texte corrigé", "—"],
    ]
    # The history shows the text as it was, to her CIP référent only.
    history = file.tab("history")
    click_row(qtbot, history.table, 1)
    # What the correction changed, before and just after it (the note cancelled since).
    assert history.previous.text() == "Avant : Note : Suivi CSAPA\nAprès : Note : Suivi CMP"
    click_row(qtbot, history.table, 0)
    before, after = history.previous.text().split("\n")
    assert before.endswith("Auteur : Rachid Bensaïd ; Note : Suivi CMP")
    assert after == "Après : retiré du dossier"
