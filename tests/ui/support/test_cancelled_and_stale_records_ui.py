"""The « Accompagnement » tab used as a CIP does: an action and a score cancelled through their
dialogs leave the lists and are read in « Historique des modifications », their rows kept,
cancelled (issue 15); an action, a note or a score saved by another office while its dialog
is open here is refused above the buttons, what was typed still there, the other office's
values kept (issue 21)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.base import Base
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import SensitiveNoteKind
from chantier_app.services.context import AppContext
from chantier_app.services.structure.accounts import actor_for
from chantier_app.services.support import barriers, sensitive_notes
from chantier_app.services.support.corrections import ScoreCorrection, correct_score, latest_score
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.support.correction_dialogs import CancelScoreDialog, CorrectScoreDialog
from chantier_app.ui.support.dialogs import ActionDialog, NoteDialog
from chantier_app.ui.support.milestone_dialogs import CancelActionDialog
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.other_office import stale_text
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _history
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of
from tests.ui.support.test_action_note_corrections_ui import _file, _shot
from tests.ui.support.test_live_corrections_ui import _review_done
from tests.ui.widget_texts import texts


def _kept(world, model: type[Base], record_id: int) -> tuple[object, ...]:
    with world.cip.database.reading() as session:
        row = session.get(model, record_id, execution_options=including_cancelled())
        assert row is not None, "deleted, not cancelled"
        by = session.get(m.Staff, row.cancelled_by_id) if row.cancelled_by_id else None
        return row.cancelled, by.display_name if by else None, row.cancellation_reason


def _action(world) -> barriers.ActionView:
    return world.cip.run(
        barriers.add_action,
        world.person_id,
        barriers.ActionInput(Barrier.MOBILITY, "Permis B", "Auto-ecole sociale"),
    )


def test_an_action_cancelled_through_its_dialog_is_kept_and_read_in_the_history(
    qtbot, world, nav
) -> None:
    action = _action(world)
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    click_row(qtbot, tab.actions, 0)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelActionDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Saisie sur le mauvais dossier")
        _shot(dialog, "action_cancel")
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert save.text() == "Annuler l'action"
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_action_button, Qt.MouseButton.LeftButton)
    assert tab.actions.rows() == []
    assert _kept(world, m.BarrierAction, action.id) == (
        True,
        world.cip.actor.name,
        "Saisie sur le mauvais dossier",
    )
    [line] = _history(file)
    assert line[2:] == [
        "Annulation — action sur un frein",
        "action « Permis B » (Mobilité) annulée",
        "Saisie sur le mauvais dossier",
    ]
    history = file.tab("history")
    click_row(qtbot, history.table, 0)
    before, after = history.previous.text().split("\n")
    assert "Action : Permis B" in before and after == "Après : retiré du dossier"


def test_a_score_cancelled_through_its_dialog_is_kept_and_read_in_the_history(
    qtbot, world, nav
) -> None:
    _review_done(world)  # housing scored 4 at the 3-month review
    score = world.cip.read(latest_score, world.person_id, Barrier.HOUSING)
    assert score is not None
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    click_row(qtbot, tab.evolution, row_of(tab.evolution, "Logement"))

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelScoreDialog)
        _fits(dialog)
        type_into(qtbot, dialog.reason, "Cotation saisie par erreur")
        _shot(dialog, "score_cancel")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_score_button, Qt.MouseButton.LeftButton)
    assert tab.evolution.rows() == []
    assert _kept(world, m.BarrierScore, score.id) == (
        True,
        world.cip.actor.name,
        "Cotation saisie par erreur",
    )
    [line] = _history(file)
    assert line[2:] == [
        "Annulation — cotation d'un frein",
        "cotation du frein « Logement » du 30/03/2026 annulée",
        "Cotation saisie par erreur",
    ]


def test_an_action_saved_at_another_office_refuses_the_stale_correction(
    qtbot, world, nav, other_office
) -> None:
    action = _action(world)
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    click_row(qtbot, tab.actions, 0)
    seen: list[tuple[str, bool, str, str]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, ActionDialog)
        # Meanwhile, another office changes the same action's partner.
        other_office.run(
            barriers.update_action,
            action.id,
            barriers.ActionInput(Barrier.MOBILITY, "Permis B", "Wimoov"),
            expected_version=action.version,
        )
        type_into(qtbot, dialog.partner, "Mission locale")
        type_into(qtbot, dialog.reason, "Mauvais partenaire")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        _shot(dialog, "action_stale")
        seen.append(
            (
                dialog.general_error.text(),
                dialog.isVisible(),
                dialog.partner.text(),
                dialog.reason.text(),
            )
        )

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_action_button, Qt.MouseButton.LeftButton)
    refusal = stale_text(world.cip, "barrier_action", action.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    # Refused above the buttons, the dialog open with what she typed.
    assert seen == [(refusal, True, "Mission locale", "Mauvais partenaire")]
    [now] = world.cip.read(barriers.list_actions, world.person_id)
    assert (now.partner, now.version) == ("Wimoov", action.version + 1)


def test_a_note_cancelled_at_another_office_is_said_so_while_typing(
    qtbot, world, nav, other_office
) -> None:
    note_id = world.cip.run(
        sensitive_notes.add_note,
        world.person_id,
        sensitive_notes.NoteInput(SensitiveNoteKind.HEALTH, TODAY, "Suivi CSAPA"),
    )
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    click_row(qtbot, tab.notes, 0)
    seen: list[tuple[str, bool, str]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, NoteDialog)
        dialog.text.setPlainText("Suivi CSAPA, un lundi sur deux")
        seen.append((dialog.messages, dialog.save_button.isEnabled(), dialog.text.toPlainText()))
        other_office.run(sensitive_notes.cancel_note, note_id, "Écrite dans le mauvais dossier")
        dialog.text.setPlainText("Suivi CSAPA, un lundi sur deux.")  # she types on
        _shot(dialog, "note_stale")
        seen.append((dialog.messages, dialog.save_button.isEnabled(), dialog.text.toPlainText()))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_note_button, Qt.MouseButton.LeftButton)
    refusal = stale_text(world.cip, "sensitive_note", note_id)
    assert seen == [
        ("", True, "Suivi CSAPA, un lundi sur deux"),
        (refusal, False, "Suivi CSAPA, un lundi sur deux."),  # her text kept, not saved
    ]
    assert _kept(world, m.SensitiveNote, note_id)[0] is True
    with world.cip.database.reading() as session:
        text = session.scalar(
            select(m.SensitiveNote.text).where(m.SensitiveNote.id == note_id),
            execution_options=including_cancelled(),
        )
    assert text == "Suivi CSAPA"


def test_a_score_corrected_at_another_office_refuses_the_stale_correction_and_cancellation(
    qtbot, world, nav, other_office
) -> None:
    _review_done(world)
    score = world.cip.read(latest_score, world.person_id, Barrier.HOUSING)
    assert score is not None
    file = _file(qtbot, world, nav)
    tab = file.tab("support")
    click_row(qtbot, tab.evolution, row_of(tab.evolution, "Logement"))
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectScoreDialog)
        other_office.run(
            correct_score,
            ScoreCorrection(score.id, 3, "Relogee en foyer"),
            expected_version=score.version,
        )
        dialog.score.setCurrentIndex(dialog.score.findData(2))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append((dialog.general_error.text(), dialog.score.currentData() == 2))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_score_button, Qt.MouseButton.LeftButton)
    first = stale_text(world.cip, "barrier_score", score.id)

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelScoreDialog)
        other_office.run(
            correct_score, ScoreCorrection(score.id, 5), expected_version=score.version + 1
        )
        type_into(qtbot, dialog.reason, "Cotation saisie par erreur")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        seen.append((dialog.general_error.text(), dialog.reason.text() != ""))

    # The tab reads the score as the dialog opens: the copy is the one corrected there.
    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_score_button, Qt.MouseButton.LeftButton)
    assert first.startswith("Modifié par Sophie Lacroix à ")
    assert seen == [(first, True), (stale_text(world.cip, "barrier_score", score.id), True)]
    now = world.cip.read(latest_score, world.person_id, Barrier.HOUSING)
    assert now is not None and (now.id, now.score, now.version) == (score.id, 5, score.version + 2)
    with world.cip.database.reading() as session:
        kept = session.get(m.BarrierScore, score.id)
        assert kept is not None and not kept.cancelled


def test_a_cancelled_note_shows_nothing_to_a_cip_who_does_not_follow_her(qtbot, world, nav) -> None:
    note_id = world.cip.run(
        sensitive_notes.add_note,
        world.person_id,
        sensitive_notes.NoteInput(SensitiveNoteKind.JUSTICE, TODAY, "Suivi SPIP"),
    )
    world.cip.run(sensitive_notes.cancel_note, note_id, "Ecrite dans le mauvais dossier")
    with world.cip.database.reading() as session:  # Lacroix follows another person
        colleague = session.scalars(select(m.Staff).where(m.Staff.last_name == "Lacroix")).one()
        colleague_ctx = AppContext(world.cip.database, actor_for(colleague))
    file = PersonFile(colleague_ctx, nav)
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(world.person_id, "support")
    assert _history(file) == []  # neither the note's line nor its reason
    for name in ("support", "history"):
        shown = texts(file.tab(name))
        assert "SPIP" not in shown and "mauvais dossier" not in shown and "Justice" not in shown
    # Her CIP référent reads the line (the same screen, another reader).
    mine = PersonFile(world.cip, nav)
    qtbot.addWidget(mine)
    mine.load(world.person_id, "support")
    [line] = _history(mine)
    assert line[2:] == [
        "Annulation — note confidentielle",
        "note confidentielle du 01/04/2026 annulée",
        "Ecrite dans le mauvais dossier",
    ]
