"""A review or a PMSMP saved by another office while its dialog was open here: the save from
the dialog is refused in French above its buttons (who saved, at what time), the other
office's values kept (issue 21, several writers)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.services.support import milestones as support
from chantier_app.services.support import pmsmp
from chantier_app.services.support.corrections import ReviewCorrection, correct_review
from chantier_app.services.support.pmsmp_corrections import correct_pmsmp
from chantier_app.ui.support.correction_dialogs import (
    CancelPmsmpDialog,
    CancelReviewDialog,
    CorrectReviewDialog,
)
from chantier_app.ui.support.pmsmp_dialog import PmsmpDialog
from chantier_app.ui.support.review_dialog import ReviewDialog
from tests.ui.other_office import stale_text
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of
from tests.ui.support.test_support_tab import _save, _tab, _type

D = dt.date


def _review(world) -> support.MilestoneView:
    found = world.cip.read(support.list_milestones, world.person_id)
    return next(m for m in found if m.kind.label == "Bilan à 3 mois")


def test_a_review_planned_elsewhere_is_not_marked_done_from_a_stale_dialog(
    qtbot, world, nav, other_office
) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    review = _review(world)
    seen: list[tuple[str, bool]] = []

    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, ReviewDialog)
        # Meanwhile, another office fixes the appointment of the same review.
        other_office.run(
            support.plan_milestone, review.id, D(2026, 4, 7), expected_version=review.version
        )
        _type(qtbot, dialog.findChild(QLineEdit), "30/03/2026")
        qtbot.keyClicks(dialog.notes, "Bonne implication sur le chantier")
        _save(qtbot, dialog)
        seen.append((dialog.general_error.text(), dialog.isVisible()))

    on_next_dialog(fill)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    refusal = stale_text(world.cip, "milestone", review.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert seen == [(refusal, True)]
    now = _review(world)
    assert (now.status, now.planned_date, now.notes, now.version) == (
        MilestoneStatus.PLANNED,
        D(2026, 4, 7),
        None,
        review.version + 1,
    )


def test_a_done_review_corrected_elsewhere_refuses_the_stale_correction_and_cancellation(
    qtbot, world, nav, other_office
) -> None:
    review = _review(world)
    world.cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 3, 30), notes="Bonne implication", scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    done = _review(world)
    seen: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, CorrectReviewDialog)
        other_office.run(
            correct_review,
            ReviewCorrection(review.id, D(2026, 3, 30), "Bonne implication ; ponctuelle"),
            today=TODAY,
            expected_version=done.version,
        )
        _type(qtbot, dialog.done_date, "31/03/2026")
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_review_button, Qt.MouseButton.LeftButton)
    refusal = stale_text(world.cip, "milestone", review.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelReviewDialog)
        _type(qtbot, dialog.reason, "Entretien saisi pour une autre personne")
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    # The dialog reads the review when it opens: the tab's copy is refreshed first, as the
    # user reloads; a second office's save while « Annuler l'entretien » is open is refused.
    def cancel_after_another_save(dialog: QDialog) -> None:
        other_office.run(
            correct_review,
            ReviewCorrection(review.id, D(2026, 3, 30), "Bonne implication ; ponctuelle, motivée"),
            today=TODAY,
            expected_version=done.version + 1,
        )
        cancel(dialog)

    on_next_dialog(cancel_after_another_save)
    qtbot.mouseClick(tab.cancel_review_button, Qt.MouseButton.LeftButton)
    refusal_again = stale_text(world.cip, "milestone", review.id)
    assert seen == [refusal, refusal_again]
    now = _review(world)
    assert (now.status, now.done_date, now.notes, now.version) == (
        MilestoneStatus.DONE,
        D(2026, 3, 30),
        "Bonne implication ; ponctuelle, motivée",
        done.version + 2,
    )


def test_a_pmsmp_corrected_elsewhere_refuses_the_stale_correction_and_cancellation(
    qtbot, world, nav, other_office
) -> None:
    placement = world.cip.run(
        pmsmp.create_pmsmp,
        world.person_id,
        pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 13), "Lingere"),
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    row = row_of(tab.timeline, "PMSMP chez Hotel du Canal")
    click_row(qtbot, tab.timeline, row)
    seen: list[str] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, PmsmpDialog)
        other_office.run(
            correct_pmsmp,
            placement.id,
            pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 16), "Lingere"),
            "Convention prolongee",
            expected_version=placement.version,
        )
        _type(qtbot, dialog.end, "20/03/2026")
        _type(qtbot, dialog.reason, "Convention prolongee")
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    on_next_dialog(correct)
    click_row(qtbot, tab.timeline, row, double=True)
    refusal = stale_text(world.cip, "pmsmp", placement.id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelPmsmpDialog)
        other_office.run(
            correct_pmsmp,
            placement.id,
            pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 17), "Lingere"),
            "Un jour de plus",
            expected_version=placement.version + 1,
        )
        _save(qtbot, dialog)
        seen.append(dialog.general_error.text())

    click_row(qtbot, tab.timeline, row_of(tab.timeline, "PMSMP chez Hotel du Canal"))
    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_pmsmp_button, Qt.MouseButton.LeftButton)
    assert seen == [refusal, stale_text(world.cip, "pmsmp", placement.id)]
    [kept] = world.cip.read(pmsmp.list_pmsmps, world.person_id)
    assert (kept.end_date, kept.version) == (D(2026, 3, 17), placement.version + 2)
