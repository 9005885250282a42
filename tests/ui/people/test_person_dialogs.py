"""The record, diagnosis and PASS dialogs typed into like a user: saved, or refused with the
message under the field and nothing written."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.contract_codes import PassProlongationReason, PassSuspensionReason
from chantier_app.domain.codes.eligibility_criteria import EligibilityCriterion as C
from chantier_app.domain.codes.person_codes import Civility, DiagnosisAuthor
from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.people import eligibility, pass_iae
from chantier_app.services.people import records as people
from chantier_app.services.people import views as people_views
from chantier_app.ui.people.person_dialog import PersonDialog
from chantier_app.ui.person.diagnosis_dialog import DiagnosisDialog
from chantier_app.ui.person.pass_dialogs import PassDialog, ProlongationDialog, SuspensionDialog
from tests.services.people_factory import nir_for, person_input


def _count(ctx, model) -> int:
    with ctx.database.reading() as session:
        return session.scalar(select(func.count()).select_from(model))


def _save(qtbot, dialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _error(dialog, field: str) -> QLabel:
    return dialog.findChild(QLabel, f"error_{field}")


def _fill_identity(qtbot, dialog, nir: str) -> None:
    w = dialog.form.widgets
    w["civility"].set_value(Civility.MR)
    qtbot.keyClicks(w["usage_name"], "Petit")
    qtbot.keyClicks(w["first_names"], "Jean")
    qtbot.keyClicks(w["birth_date"], "14/07/1988")
    qtbot.keyClicks(w["nir"], nir)


def test_create_a_person_through_the_dialog(qtbot, ctx) -> None:
    dialog = PersonDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_identity(qtbot, dialog, nir_for(Civility.MR, dt.date(1988, 7, 14)))
    dialog.form.setCurrentIndex(1)
    w = dialog.form.widgets
    qtbot.keyClicks(w["postal_code"], "75019")
    qtbot.keyClicks(w["phone"], "0612345678")
    w["city"].setText("Paris")
    _save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    view = ctx.read(people_views.get_person, dialog.saved_id)
    assert view.display_name == "PETIT Jean"
    assert view.record.phone == "06 12 34 56 78"
    assert view.record.birth_date == dt.date(1988, 7, 14)


def test_invalid_nir_shows_its_message_and_saves_nothing(qtbot, ctx) -> None:
    dialog = PersonDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.setCurrentIndex(1)
    _fill_identity(qtbot, dialog, "1 88 07 75 056 123 00")  # wrong key
    _save(qtbot, dialog)
    assert dialog.isVisible() and dialog.saved_id is None
    assert "la clé ne correspond pas" in _error(dialog, "nir").text()
    assert _error(dialog, "nir").isVisible()
    assert dialog.form.currentIndex() == 0  # brought back to the tab of the error
    assert _count(ctx, m.Person) == 0


def test_unreadable_date_and_missing_names_are_shown_under_their_fields(qtbot, ctx) -> None:
    dialog = PersonDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.widgets["birth_date"], "31/02/1990")
    _save(qtbot, dialog)
    assert "n'est pas une date" in _error(dialog, "birth_date").text()
    dialog.form.widgets["birth_date"].clear()
    _save(qtbot, dialog)
    assert _error(dialog, "usage_name").text() == "Nom d'usage : obligatoire."
    assert _count(ctx, m.Person) == 0


def test_duplicate_is_refused_and_named(qtbot, ctx) -> None:
    ctx.run(people.create_person, person_input())
    dialog = PersonDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.form.widgets
    w["civility"].set_value(Civility.MRS)
    w["usage_name"].setText("Lefèvre")
    w["first_names"].setText("Élodie")
    qtbot.keyClicks(w["birth_date"], "17/05/1990")
    qtbot.keyClicks(w["nir"], nir_for(Civility.MRS, dt.date(1990, 5, 17)))
    _save(qtbot, dialog)
    assert "existe déjà" in _error(dialog, "nir").text()
    assert _count(ctx, m.Person) == 1


def test_edit_dialog_shows_the_record_and_saves_changes(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = PersonDialog(ctx, person_id, tab=2)
    qtbot.addWidget(dialog)
    dialog.show()
    w = dialog.form.widgets
    assert w["usage_name"].text() == "Lefèvre" and w["nir"].text().startswith("2 90 05")
    assert dialog.form.currentIndex() == 2
    assert not w["rsa_band"].isEnabled()
    w["rqth"].setChecked(True)
    w["ass"].setChecked(True)
    assert w["ass_band"].isEnabled()
    _save(qtbot, dialog)
    record = ctx.read(people_views.get_person, person_id).record
    assert record.rqth and record.ass


def test_diagnosis_dialog_shows_the_rule_live_and_saves(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = DiagnosisDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.made_on, "01/10/2026")
    dialog.author.set_value(DiagnosisAuthor.STRUCTURE)
    assert not dialog.author_name.isEnabled()
    for criterion in (C.LOW_EDUCATION, C.DELD):
        dialog.checks[criterion][0].setChecked(True)
    assert "Non éligible" in dialog.outcome.text()
    dialog.checks[C.QPV][0].setChecked(True)
    qtbot.keyClicks(dialog.checks[C.QPV][1], "Avis d'imposition")
    assert "Éligible" in dialog.outcome.text() and "Non" not in dialog.outcome.text()
    _save(qtbot, dialog)
    (view,) = ctx.read(eligibility.list_diagnoses, person_id)
    assert view.outcome.eligible and (C.QPV, "Avis d'imposition") in view.criteria


def test_diagnosis_dialog_says_live_which_criteria_cannot_hold(qtbot, ctx) -> None:
    """The person was born on 17 May 1990: « Senior » and « Jeune » ticked with QPV read
    « Non éligible », each named with the rule; saving is refused, nothing written."""
    person_id = ctx.run(people.create_person, person_input())
    dialog = DiagnosisDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.made_on, "01/10/2026")
    dialog.author.set_value(DiagnosisAuthor.STRUCTURE)
    for criterion in (C.SENIOR, C.YOUTH, C.QPV):
        dialog.checks[criterion][0].setChecked(True)
    text = dialog.outcome.text()
    assert "Non éligible" in text and "non comptés car incohérents" in text
    assert "ne peuvent pas être cochés ensemble" in text
    assert "36 ans le 01/10/2026" in text
    dialog.checks[C.YOUTH][0].setChecked(False)
    assert "ensemble" not in dialog.outcome.text()
    _save(qtbot, dialog)
    assert "avait 36 ans le 01/10/2026" in _error(dialog, "criteria").text()
    assert _count(ctx, m.EligibilityDiagnosis) == 0


def test_diagnosis_without_criteria_stays_open(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = DiagnosisDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.made_on, "01/10/2026")
    dialog.author.set_value(DiagnosisAuthor.STRUCTURE)
    _save(qtbot, dialog)
    assert "au moins un critère" in _error(dialog, "criteria").text()
    assert _count(ctx, m.EligibilityDiagnosis) == 0


def test_pass_dialog_fills_two_years_and_suspension_moves_the_end(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = PassDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.number, "99999 26 12345")
    qtbot.keyClicks(dialog.start, "01/01/2026")
    dialog.start.editingFinished.emit()
    assert dialog.end.text() == "31/12/2027"
    _save(qtbot, dialog)
    (current,) = ctx.read(pass_iae.list_passes, person_id)
    suspension = SuspensionDialog(ctx, current)
    qtbot.addWidget(suspension)
    suspension.show()
    suspension.reason.set_value(PassSuspensionReason.SICKNESS)
    qtbot.keyClicks(suspension.start, "01/03/2026")
    qtbot.keyClicks(suspension.end, "10/03/2026")
    _save(qtbot, suspension)
    (after,) = ctx.read(pass_iae.list_passes, person_id)
    assert after.end == dt.date(2028, 1, 10)


def test_pass_dialog_refuses_a_bad_number(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = PassDialog(ctx, person_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.number, "1234")
    qtbot.keyClicks(dialog.start, "01/01/2026")
    _save(qtbot, dialog)
    assert "12 chiffres" in _error(dialog, "number").text()
    assert _count(ctx, m.PassIae) == 0


def _pass_ending_2026_12_31(ctx) -> tuple[int, pass_iae.PassView]:
    person_id = ctx.run(people.create_person, person_input())
    ctx.run(pass_iae.add_pass, person_id, pass_iae.PassInput("99999 25 12345", dt.date(2025, 1, 1)))
    (current,) = ctx.read(pass_iae.list_passes, person_id)
    return person_id, current


def _prolongation_dialog(qtbot, ctx, current) -> ProlongationDialog:
    start = ctx.read(pass_iae.suggested_prolongation_start, current.id)
    dialog = ProlongationDialog(ctx, current, start)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_prolongation_dialog_starts_on_the_last_day_and_shows_the_latest_end(qtbot, ctx) -> None:
    """As the platform shows it: « du 31/12/2026 au 31/12/2027 »; the latest end for the
    reason is shown while choosing; saved, the PASS ends on the prolongation's end."""
    person_id, current = _pass_ending_2026_12_31(ctx)
    dialog = _prolongation_dialog(qtbot, ctx, current)
    assert dialog.start.text() == "31/12/2026"
    assert any("Le PASS se termine le 31/12/2026" in x.text() for x in dialog.findChildren(QLabel))
    dialog.reason.set_value(PassProlongationReason.DIFFICULTIES)
    limit = dialog.findChild(QLabel, "prolongationLimit").text()
    assert "Fin au plus tard le 31/12/2027" in limit and "1096 jours restants sur 1096" in limit
    dialog.reason.set_value(PassProlongationReason.FINISH_TRAINING)
    assert "sans plafond cumulé" in dialog.findChild(QLabel, "prolongationLimit").text()
    dialog.reason.set_value(PassProlongationReason.DIFFICULTIES)
    qtbot.keyClicks(dialog.end, "31/12/2027")
    _save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    (after,) = ctx.read(pass_iae.list_passes, person_id)
    assert after.end == dt.date(2027, 12, 31)


def test_prolongation_not_from_the_end_is_shown_under_its_start(qtbot, ctx) -> None:
    _person_id, current = _pass_ending_2026_12_31(ctx)
    dialog = _prolongation_dialog(qtbot, ctx, current)
    dialog.reason.set_value(PassProlongationReason.DIFFICULTIES)
    dialog.start.setText("01/06/2026")
    qtbot.keyClicks(dialog.end, "31/05/2027")
    _save(qtbot, dialog)
    assert dialog.isVisible()
    message = _error(dialog, "start_date").text()
    assert "part de la fin actuelle du PASS, le 31/12/2026" in message
    assert _count(ctx, m.PassProlongation) == 0


def test_prolongation_warning_needs_the_box_ticked(qtbot, ctx) -> None:
    """A decision dated outside the request window: a warning in amber under « Décision
    du », a box to tick; saved only once ticked."""
    person_id, current = _pass_ending_2026_12_31(ctx)
    dialog = _prolongation_dialog(qtbot, ctx, current)
    dialog.reason.set_value(PassProlongationReason.DIFFICULTIES)
    qtbot.keyClicks(dialog.end, "31/12/2027")
    qtbot.keyClicks(dialog.decided, "01/07/2027")
    _save(qtbot, dialog)
    warning = _error(dialog, "decided_on")
    assert warning.text().startswith("⚠ Décision du : une prolongation se demande entre")
    assert dialog.acknowledge.isVisible() and not dialog.acknowledge.isChecked()
    _save(qtbot, dialog)
    assert dialog.isVisible() and _count(ctx, m.PassProlongation) == 0
    dialog.acknowledge.setChecked(True)
    _save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert ctx.read(pass_iae.list_passes, person_id)[0].end == dt.date(2027, 12, 31)


def test_suspension_of_18_months_is_recorded(qtbot, ctx) -> None:
    person_id, current = _pass_ending_2026_12_31(ctx)
    dialog = SuspensionDialog(ctx, current)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.set_value(PassSuspensionReason.SICKNESS)
    qtbot.keyClicks(dialog.start, "01/03/2025")
    qtbot.keyClicks(dialog.end, "31/08/2026")
    _save(qtbot, dialog)
    assert dialog.result() == dialog.DialogCode.Accepted
    (after,) = ctx.read(pass_iae.list_passes, person_id)
    assert after.end == dt.date(2026, 12, 31) + dt.timedelta(days=549)  # each day suspended


def test_a_record_saved_meanwhile_elsewhere_is_refused_and_the_form_kept(qtbot, ctx) -> None:
    person_id = ctx.run(people.create_person, person_input())
    dialog = PersonDialog(ctx, person_id, tab=1)
    qtbot.addWidget(dialog)
    dialog.show()
    # Another office saves the record while the dialog is open.
    elsewhere = AppContext(ctx.database, Actor(None, "Sophie Lacroix", Role.DIRECTION))
    elsewhere.run(
        people.update_person, person_id, person_input(phone="06 00 00 00 01"), expected_version=1
    )
    dialog.form.widgets["city"].setText("Lyon")
    _save(qtbot, dialog)
    general = dialog.findChild(QLabel, "generalErrors")
    assert general.isVisible()
    assert general.text().startswith("Modifié par Sophie Lacroix à ")
    assert general.text().endswith(" : rechargez la fiche avant de modifier.")
    assert dialog.isVisible() and dialog.form.widgets["city"].text() == "Lyon"
    record = ctx.read(people_views.get_person, person_id).record
    assert (record.phone, record.city) == ("06 00 00 00 01", "Paris")
