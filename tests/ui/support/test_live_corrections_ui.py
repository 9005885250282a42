"""The support, trainings and hours correction dialogs check as the user types, like the
creation dialogs of contracts: the rule's message under its field at once, the save button
disabled while an error stands, then the correction saved."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.hours import grid as hours
from chantier_app.services.support import milestones as support
from chantier_app.services.support import pmsmp
from chantier_app.services.trainings import enrolments
from chantier_app.services.trainings import sessions as trainings
from chantier_app.services.trainings.sessions import SessionInput
from chantier_app.ui.hours.unlock_dialog import CorrectDeclaredDialog
from chantier_app.ui.support.correction_dialogs import (
    CancelPmsmpDialog,
    CorrectReviewDialog,
    CorrectScoreDialog,
)
from chantier_app.ui.trainings.correction_dialogs import CorrectEnrolmentDialog
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of
from tests.ui.support.test_support_tab import _tab

D = dt.date


def _review_done(world) -> None:
    review = next(
        m
        for m in world.cip.read(support.list_milestones, world.person_id)
        if m.kind.label == "Bilan à 3 mois"
    )
    world.cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 3, 30), notes="Bonne implication", scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )


def test_a_review_correction_says_what_is_wrong_while_typing(qtbot, world, nav) -> None:
    _review_done(world)
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectReviewDialog)
        save = dialog.save_button
        assert save.text() == "Enregistrer la correction"
        seen.append((dialog.messages, save.isEnabled()))  # as it opens: nothing changed
        type_into(qtbot, dialog.done_date, "30/03/2099")  # no click: the message comes
        seen.append((dialog.messages, save.isEnabled()))
        type_into(qtbot, dialog.done_date, "31/13/2026")
        seen.append((dialog.error_text("done_date"), save.isEnabled()))
        type_into(qtbot, dialog.done_date, "31/03/2026")
        seen.append((dialog.messages, save.isEnabled()))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        seen.append(("accepted", dialog.result() == QDialog.DialogCode.Accepted))

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_review_button, Qt.MouseButton.LeftButton)
    assert seen[0] == ("Correction : rien n'a changé.", False)
    assert seen[1] == ("Date de l'entretien : elle est dans le futur ; planifiez-le plutôt.", False)
    assert seen[2][0].startswith("Date de l'entretien : ") and not seen[2][1]
    assert seen[3] == ("", True)
    assert seen[4] == ("accepted", True)
    row = row_of(tab.timeline, "Bilan à 3 mois")
    assert tab.timeline.model().index(row, 0).data() == "31/03/2026"


def test_a_score_correction_waits_for_a_change(qtbot, world, nav) -> None:
    _review_done(world)
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.evolution, 0)
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectScoreDialog)
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        dialog.score.setCurrentIndex(dialog.score.findData(2))
        seen.append((dialog.messages, dialog.save_button.isEnabled()))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_score_button, Qt.MouseButton.LeftButton)
    assert seen == [("Correction : rien n'a changé.", False), ("", True)]
    assert [(e.barrier, e.latest) for e in tab.evolution.rows()] == [(Barrier.HOUSING, 2)]


def test_cancelling_a_pmsmp_of_a_declared_month_asks_its_reason_first(
    qtbot, ctx, world, nav
) -> None:
    world.cip.run(
        pmsmp.create_pmsmp,
        world.person_id,
        pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 13), "Lingere"),
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))  # the direction declared March
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "PMSMP chez Hotel du Canal"))
    seen: list[tuple[str, bool]] = []

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelPmsmpDialog)
        assert dialog.save_button.text() == "Annuler la PMSMP"
        seen.append((dialog.error_text("reason"), dialog.save_button.isEnabled()))
        type_into(qtbot, dialog.reason, "Convention jamais signee")
        seen.append((dialog.error_text("reason"), dialog.save_button.isEnabled()))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_pmsmp_button, Qt.MouseButton.LeftButton)
    assert seen == [
        ("Motif de l'annulation : obligatoire, un mois de la PMSMP a été déclaré.", False),
        ("", True),
    ]
    assert world.cip.read(pmsmp.list_pmsmps, world.person_id) == []


def test_an_enrolment_correction_refuses_a_session_outside_the_contract_at_once(
    qtbot, ctx, world, nav
) -> None:
    first = ctx.run(
        trainings.save_session,
        None,
        SessionInput("SST", TrainingKind.SAFETY, D(2026, 3, 9), D(2026, 3, 10), "14"),
    )
    late = ctx.run(
        trainings.save_session,
        None,
        SessionInput("Tri", TrainingKind.SAFETY, D(2026, 8, 3), D(2026, 8, 4), "14"),
    )
    good = ctx.run(
        trainings.save_session,
        None,
        SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21"),
    )
    enrolment = ctx.run(enrolments.enrol, first.id, world.person_id)
    (view,) = [e for e in ctx.read(enrolments.person_enrolments, world.person_id)]
    dialog = CorrectEnrolmentDialog(ctx, view)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.text() == "Enregistrer la correction"
    assert not dialog.save_button.isEnabled()  # the session it already is in
    dialog.session.setCurrentIndex(dialog.session.findData(late.id))
    assert dialog.error_text("session_id") == (
        "Inscription : la personne n'a pas de contrat pendant les dates de la session."
    )
    assert not dialog.save_button.isEnabled()
    dialog.session.setCurrentIndex(dialog.session.findData(good.id))
    assert dialog.messages == "" and dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    (after,) = ctx.read(enrolments.person_enrolments, world.person_id)
    assert (after.id, after.session_id) == (enrolment.id, good.id)


def test_a_declared_month_is_corrected_only_with_its_reason(qtbot) -> None:
    dialog = CorrectDeclaredDialog(D(2026, 3, 1))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.unlock_button.isEnabled()
    assert dialog.reason_error.text() == (
        "Motif de la correction : obligatoire, le mois a été déclaré."
    )
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)  # Enter with no reason: still open
    assert dialog.isVisible()
    type_into(qtbot, dialog.reason, "Absence oubliee")
    assert dialog.unlock_button.isEnabled() and dialog.reason_error.isHidden()
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_pmsmp_correction_says_the_month_rule_and_the_declared_month_while_typing(
    qtbot, ctx, world, nav
) -> None:
    world.cip.run(
        pmsmp.create_pmsmp,
        world.person_id,
        pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 13), "Lingere"),
    )
    ctx.run(hours.declare_month, D(2026, 3, 1))
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    row = row_of(tab.timeline, "PMSMP chez Hotel du Canal")
    click_row(qtbot, tab.timeline, row)
    seen: list[tuple[str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert dialog.windowTitle() == "Corriger la PMSMP"
        save = dialog.save_button
        assert save.text() == "Enregistrer la correction"
        type_into(qtbot, dialog.end, "20/04/2026")  # more than a month: refused at once
        seen.append((dialog.error_text("end_date"), save.isEnabled()))
        type_into(qtbot, dialog.end, "20/03/2026")
        seen.append((dialog.error_text("reason"), save.isEnabled()))
        type_into(qtbot, dialog.reason, "Convention prolongee")
        seen.append((dialog.messages, save.isEnabled()))
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    on_next_dialog(correct)
    click_row(qtbot, tab.timeline, row, double=True)
    assert seen[0][0].startswith("Date de fin : ") and not seen[0][1]
    assert seen[1] == (
        "Motif de la correction : obligatoire, un mois de la PMSMP a été déclaré.",
        False,
    )
    assert seen[2] == ("", True)
    [corrected] = world.cip.read(pmsmp.list_pmsmps, world.person_id)
    assert corrected.end_date == D(2026, 3, 20)
