"""The Accompagnement tab, used like a counsellor would: mark a review done with scores, add a
PMSMP (32 days refused inline), an action, a confidential note."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
)

from chantier_app.domain.codes.barriers import Barrier
from chantier_app.domain.codes.support_codes import MilestoneStatus
from chantier_app.services.history import record_history
from chantier_app.services.support import barriers, pmsmp, sensitive_notes
from chantier_app.services.support import milestones as support
from chantier_app.ui.support.tab import SupportTab
from tests.ui.support.support_gui import TODAY, click_row, on_next_dialog, row_of

D = dt.date


def _tab(qtbot, ctx, nav, person_id) -> SupportTab:
    tab = SupportTab(ctx, nav, person_id, today=TODAY)
    qtbot.addWidget(tab)
    tab.resize(1100, 760)
    tab.show()
    return tab


def _save(qtbot, dialog: QDialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )


def _type(qtbot, widget, text: str) -> None:
    widget.clear()
    qtbot.keyClicks(widget, text)


def test_models_pass_qt_checks(qtbot, qtmodeltester, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    for view in (tab.timeline, tab.evolution, tab.actions, tab.notes):
        qtmodeltester.check(view.model_)
        qtmodeltester.check(view.proxy)


def test_timeline_shows_the_schedule_with_the_overdue_in_red(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    titles = [e.title for e in tab.timeline.rows()]
    assert titles[:4] == [
        "Entretien d'accueil",
        "Diagnostic initial",
        "Projet professionnel",
        "Bilan à 3 mois",
    ]
    welcome = tab.timeline.model().index(0, 3)
    assert welcome.data() == "En retard"
    assert welcome.data(Qt.ItemDataRole.ForegroundRole).name() == "#b00020"
    assert not tab.done_button.isEnabled()  # nothing selected yet


def test_mark_a_review_done_with_scores_like_a_user(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    assert tab.done_button.isEnabled() and tab.done_button.text() == "Entretien réalisé…"

    def fill(dialog: QDialog) -> None:
        date = dialog.findChild(QLineEdit)  # the first field: the date of the interview
        _type(qtbot, date, "30/03/2026")
        qtbot.keyClicks(dialog.notes, "Bonne implication sur le chantier")
        qtbot.keyClicks(dialog.next, "Preparer une PMSMP en restauration")
        qtbot.keyClicks(dialog.findChild(QComboBox, "score_LOGEMENT"), "4")
        qtbot.keyClicks(dialog.findChild(QComboBox, "score_MOBILITE"), "2")
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)

    row = row_of(tab.timeline, "Bilan à 3 mois")
    assert tab.timeline.model().index(row, 3).data() == "Réalisé"
    assert tab.timeline.model().index(row, 0).data() == "30/03/2026"
    assert [(e.barrier, e.latest) for e in tab.evolution.rows()] == [
        (Barrier.HOUSING, 4),
        (Barrier.MOBILITY, 2),
    ]
    assert set(tab.chart.series_by_barrier) == {Barrier.HOUSING, Barrier.MOBILITY}
    # The table under the chart is its legend: each barrier in its line's colour (a legend
    # beside the narrow chart cut the names and left the dates no room).
    assert not tab.chart.chart().legend().isVisible()
    model = tab.evolution.model()
    for index, barrier in enumerate((Barrier.HOUSING, Barrier.MOBILITY)):
        cell = model.index(index, 0)
        assert cell.data() == f"● {'Logement' if barrier is Barrier.HOUSING else 'Mobilité'}"
        line = tab.chart.series_by_barrier[barrier].pen().color()
        assert QColor(cell.data(Qt.ItemDataRole.ForegroundRole)) == line
    review = next(
        m
        for m in world.cip.read(support.list_milestones, world.person_id)
        if m.kind.label == "Bilan à 3 mois"
    )
    assert review.status is MilestoneStatus.DONE
    assert review.next_objectives == "Preparer une PMSMP en restauration"

    # Opening the done review again shows what was written, to correct it.
    reopened: dict[str, object] = {}

    def read(dialog: QDialog) -> None:
        reopened["notes"] = dialog.notes.toPlainText()
        reopened["housing"] = dialog.findChild(QComboBox, "score_LOGEMENT").currentData()
        reopened["health"] = dialog.findChild(QComboBox, "score_SANTE").currentData()

    on_next_dialog(read)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"), double=True)
    assert reopened == {"notes": "Bonne implication sur le chantier", "housing": 4, "health": None}
    assert tab.done_button.text() == "Compte rendu…" and not tab.plan_button.isEnabled()


def test_a_wrong_date_is_said_under_its_field_and_nothing_saved(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    messages: list[str] = []

    def fill(dialog: QDialog) -> None:
        _type(qtbot, dialog.findChild(QLineEdit), "12/05/2026")  # after today: plan it instead
        _save(qtbot, dialog)
        assert dialog.isVisible()
        messages.append(dialog.findChild(QLabel, "error_done_date").text())

    on_next_dialog(fill)
    qtbot.mouseClick(tab.done_button, Qt.MouseButton.LeftButton)
    assert messages == ["Date de l'entretien : elle est dans le futur ; planifiez-le plutôt."]
    assert world.cip.read(barriers.score_history, world.person_id) == []


def test_a_pmsmp_of_32_days_is_refused_with_its_message(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    seen: dict[str, object] = {}

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.host, "Hotel du Canal")
        qtbot.keyClicks(dialog.job, "Agent d'entretien")
        qtbot.keyClicks(dialog.start, "01/03/2026")
        qtbot.keyClicks(dialog.end, "01/04/2026")
        seen["hint"] = dialog.findChild(QLabel, "pmsmp_length").text()
        _save(qtbot, dialog)
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.findChild(QLabel, "error_end_date").text()
        seen["saved"] = world.cip.read(pmsmp.list_pmsmps, world.person_id)
        _type(qtbot, dialog.end, "31/03/2026")
        _save(qtbot, dialog)
        seen["closed"] = not dialog.isVisible()

    on_next_dialog(fill)
    qtbot.mouseClick(tab.pmsmp_button, Qt.MouseButton.LeftButton)
    assert seen["hint"] == "32 jours. Fin au plus tard le 31/03/2026."
    assert seen["open"] is True and seen["saved"] == []
    assert seen["error"] == (
        "Date de fin : une PMSMP dure au plus un mois par convention ; commencée le 01/03/2026, "
        "elle se termine au plus tard le 31/03/2026 (32 jours demandés)."
    )
    assert seen["closed"] is True
    assert "PMSMP chez Hotel du Canal (Agent d'entretien)" in [e.title for e in tab.timeline.rows()]


def test_add_an_action_on_a_barrier(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.barrier, "Log")  # « Logement »
        qtbot.keyClicks(dialog.description, "Dossier SIAO")
        qtbot.keyClicks(dialog.partner, "CCAS Paris 19")
        qtbot.keyClicks(dialog.due, "10/04/2026")
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(tab.new_action_button, Qt.MouseButton.LeftButton)
    [action] = tab.actions.rows()
    assert (action.barrier, action.description, action.partner, action.due_date) == (
        Barrier.HOUSING,
        "Dossier SIAO",
        "CCAS Paris 19",
        dt.date(2026, 4, 10),
    )
    assert "Dossier SIAO" in [e.title for e in tab.timeline.rows()]


def test_confidential_notes_are_marked_and_reserved(qtbot, world, nav) -> None:
    world.cip.run(
        sensitive_notes.add_note,
        world.person_id,
        sensitive_notes.NoteInput(sensitive_notes.SensitiveNoteKind.JUSTICE, TODAY, "Suivi SPIP"),
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    box = tab.findChild(QGroupBox, "sensitive_notes")
    assert box.title() == "Confidentiel — santé / justice" and box.isVisible()
    assert [n.text for n in tab.notes.rows()] == ["Suivi SPIP"]

    supervisor_tab = _tab(qtbot, world.supervisor, nav, world.person_id)
    assert supervisor_tab.findChild(QGroupBox, "sensitive_notes") is None
    assert "réservé aux CIP" in supervisor_tab.findChild(QLabel, "support_refused").text()
    assert not [b for b in supervisor_tab.findChildren(QPushButton) if b.isVisible()]


def test_write_a_confidential_note(qtbot, world, nav) -> None:
    tab = _tab(qtbot, world.cip, nav, world.person_id)

    def fill(dialog: QDialog) -> None:
        qtbot.keyClicks(dialog.kind, "S")  # « Santé »
        qtbot.keyClicks(dialog.text, "Rendez-vous CMP tous les mois")
        _save(qtbot, dialog)

    on_next_dialog(fill)
    qtbot.mouseClick(tab.new_note_button, Qt.MouseButton.LeftButton)
    [note] = tab.notes.rows()
    assert note.kind.label == "Santé" and note.written_on == TODAY

    click_row(qtbot, tab.notes, 0)
    assert tab.cancel_note_button.isEnabled()

    def confirm(dialog: QDialog) -> None:
        assert "son texte reste dans l'historique" in dialog.findChild(QLabel, "intro").text()
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # her own: no reason

    on_next_dialog(confirm)
    qtbot.mouseClick(tab.cancel_note_button, Qt.MouseButton.LeftButton)
    assert tab.notes.rows() == []
    assert world.cip.read(sensitive_notes.list_notes, world.person_id) == []


def test_without_the_sensitive_right_the_confidential_section_is_hidden(
    qtbot, world, nav, monkeypatch
) -> None:
    """The roles area may take the right away (e.g. a CIP who does not follow the person)."""
    from chantier_app.domain.codes.staff_codes import Role
    from chantier_app.services import roles_matrix
    from chantier_app.services.roles_matrix import Permission

    world.cip.run(
        sensitive_notes.add_note,
        world.person_id,
        sensitive_notes.NoteInput(sensitive_notes.SensitiveNoteKind.HEALTH, TODAY, "Suivi CMP"),
    )
    reduced = roles_matrix.MATRIX[Role.CIP] - {Permission.SENSITIVE_VIEW, Permission.SENSITIVE_EDIT}
    monkeypatch.setitem(roles_matrix.MATRIX, Role.CIP, reduced)
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    assert tab.timeline.rows()  # the rest of the support stays visible
    assert not tab.findChild(QGroupBox, "sensitive_notes").isVisible()
    assert tab.notes.rows() == []  # never even read


def test_correct_then_cancel_a_done_review_like_a_user(qtbot, world, nav) -> None:
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
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    assert not tab.correct_review_button.isEnabled()
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "Bilan à 3 mois"))
    assert tab.correct_review_button.isEnabled() and tab.cancel_review_button.isEnabled()
    refusals: list[str] = []

    def correct(dialog: QDialog) -> None:
        _type(qtbot, dialog.done_date, "30/03/2099")  # in the future: mark_done's own refusal
        _save(qtbot, dialog)
        refusals.append(dialog.errors._fields["done_date"][1].text())
        _type(qtbot, dialog.done_date, "31/03/2026")
        _save(qtbot, dialog)

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_review_button, Qt.MouseButton.LeftButton)
    assert refusals == ["Date de l'entretien : elle est dans le futur ; planifiez-le plutôt."]
    row = row_of(tab.timeline, "Bilan à 3 mois")
    assert tab.timeline.model().index(row, 0).data() == "31/03/2026"

    click_row(qtbot, tab.timeline, row)

    def cancel(dialog: QDialog) -> None:
        _type(qtbot, dialog.reason, "Entretien saisi pour une autre personne")
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_review_button, Qt.MouseButton.LeftButton)
    row = row_of(tab.timeline, "Bilan à 3 mois")
    assert tab.timeline.model().index(row, 3).data() != "Réalisé"
    assert tab.evolution.rows() == []  # the score given at it went with it
    lines = world.cip.read(record_history, world.person_id)
    assert [(v.action.label, v.reason) for v in lines] == [
        ("Annulation", "Entretien saisi pour une autre personne"),
        ("Correction", None),
    ]


def test_correct_then_cancel_a_pmsmp_like_a_user(qtbot, world, nav) -> None:
    placement = world.cip.run(
        pmsmp.create_pmsmp,
        world.person_id,
        pmsmp.PmsmpInput("Hotel du Canal", D(2026, 3, 2), D(2026, 3, 13), "Lingere"),
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    row = row_of(tab.timeline, "PMSMP chez Hotel du Canal")
    click_row(qtbot, tab.timeline, row)
    assert tab.cancel_pmsmp_button.isEnabled()

    def correct(dialog: QDialog) -> None:
        assert dialog.windowTitle() == "Corriger la PMSMP"
        _type(qtbot, dialog.end, "20/03/2026")
        _type(qtbot, dialog.reason, "Convention prolongee")
        _save(qtbot, dialog)

    on_next_dialog(correct)
    click_row(qtbot, tab.timeline, row, double=True)
    [corrected] = world.cip.read(pmsmp.list_pmsmps, world.person_id)
    assert corrected.end_date == D(2026, 3, 20)
    click_row(qtbot, tab.timeline, row_of(tab.timeline, "PMSMP chez Hotel du Canal"))

    def cancel(dialog: QDialog) -> None:
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_pmsmp_button, Qt.MouseButton.LeftButton)
    assert world.cip.read(pmsmp.list_pmsmps, world.person_id) == []
    assert "PMSMP chez Hotel du Canal" not in " ".join(e.title for e in tab.timeline.rows())
    lines = world.cip.read(record_history, world.person_id)
    assert [(v.kind.label, v.action.label, v.reason) for v in lines] == [
        ("PMSMP", "Annulation", None),
        ("PMSMP", "Correction", "Convention prolongee"),
    ]
    assert placement.id == lines[0].record_id


def test_correct_then_cancel_a_barrier_score_like_a_user(qtbot, world, nav) -> None:
    review = next(
        m
        for m in world.cip.read(support.list_milestones, world.person_id)
        if m.kind.label == "Bilan à 3 mois"
    )
    world.cip.run(
        support.mark_done,
        review.id,
        support.ReviewInput(D(2026, 3, 30), scores={Barrier.HOUSING: 4}),
        today=TODAY,
    )
    tab = _tab(qtbot, world.cip, nav, world.person_id)
    assert not tab.correct_score_button.isEnabled()
    click_row(qtbot, tab.evolution, 0)
    assert tab.correct_score_button.isEnabled()

    def correct(dialog: QDialog) -> None:
        dialog.score.setCurrentIndex(dialog.score.findData(2))
        _save(qtbot, dialog)

    on_next_dialog(correct)
    qtbot.mouseClick(tab.correct_score_button, Qt.MouseButton.LeftButton)
    assert [(e.barrier, e.latest) for e in tab.evolution.rows()] == [(Barrier.HOUSING, 2)]
    click_row(qtbot, tab.evolution, 0)

    def cancel(dialog: QDialog) -> None:
        _type(qtbot, dialog.reason, "Cotation saisie par erreur")
        _save(qtbot, dialog)

    on_next_dialog(cancel)
    qtbot.mouseClick(tab.cancel_score_button, Qt.MouseButton.LeftButton)
    assert tab.evolution.rows() == []
    lines = world.cip.read(record_history, world.person_id)
    assert [(v.kind.label, v.action.label) for v in lines] == [
        ("Cotation d'un frein", "Annulation"),
        ("Cotation d'un frein", "Correction"),
    ]
    assert lines[1].previous["score"] == 4 and lines[0].reason == "Cotation saisie par erreur"
