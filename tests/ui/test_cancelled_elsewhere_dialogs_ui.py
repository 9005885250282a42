"""The contract and PASS correction dialogs, opened before another office cancelled the
record (issues 15 and 21): the stale-edit refusal (who, at what time) shows above the buttons,
never « introuvable », the typed values stay, nothing is saved."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog, QPushButton

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.fr_format import format_date
from chantier_app.services.contracts.hire_cancellation import cancel_hire
from chantier_app.services.people import pass_iae
from chantier_app.services.people.pass_corrections import cancel_pass
from chantier_app.services.people.pass_iae import PassInput
from chantier_app.ui.contracts.correction_dialogs import CorrectDialog
from chantier_app.ui.person.file import PersonFile
from chantier_app.ui.person.pass_dialogs import PassDialog
from tests import support_factory as f
from tests.db_dump import dump
from tests.ui.contracts.test_contracts_tab import Nav, type_into
from tests.ui.contracts.test_corrections_ui import START, running
from tests.ui.other_office import stale_text
from tests.ui.people.test_diagnosis_corrections_ui import _fits, _save
from tests.ui.support.support_gui import on_next_dialog

__all__ = ["running"]  # the fixture
D = dt.date
SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def _file(qtbot, ctx, person: int, key: str) -> PersonFile:
    file = PersonFile(ctx, Nav())
    qtbot.addWidget(file)
    file.resize(1280, 720)
    file.show()
    file.load(person, key)
    return file


def _data(database) -> dict[str, object]:
    """Every table but the trail, which the refusal writes its line to."""
    tables = dump(database)
    tables.pop("audit_entry")
    return tables


def _above(widget, button, dialog: QDialog) -> bool:
    bottom = widget.mapTo(dialog, QPoint(0, widget.height())).y()
    return widget.isVisible() and bottom <= button.mapTo(dialog, QPoint(0, 0)).y()


def test_a_contract_cancelled_elsewhere_is_said_in_its_correction_dialog(
    qtbot, ctx, database, running, other_office
) -> None:
    person, contract, _ = running
    file = _file(qtbot, ctx, person, "contracts")
    tab = file.tab("contracts")
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, CorrectDialog) and dialog.isVisible()
    type_into(qtbot, dialog.start, format_date(START + dt.timedelta(days=3)))
    assert dialog.messages == "" and dialog.ok_button.isEnabled()
    # Meanwhile, another office cancels the hire (entered on the wrong file).
    other_office.run(cancel_hire, contract, "Embauche saisie sur le mauvais dossier")
    before = _data(database)
    type_into(qtbot, dialog.job, "Agent de proprete")  # she types on
    refusal = stale_text(ctx, "contract", contract)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert dialog.messages == refusal and "introuvable" not in dialog.messages
    assert not dialog.ok_button.isEnabled()
    assert dialog.errors.general.text() == refusal  # the label above the buttons
    assert _above(dialog.errors.general, dialog.ok_button, dialog)
    assert dialog.job.text() == "Agent de proprete"
    assert dialog.start.text() == format_date(START + dt.timedelta(days=3))
    _fits(dialog)
    if SHOTS:
        dialog.grab().save(os.path.join(SHOTS, "contract_cancelled_elsewhere.png"))
    assert _data(database) == before
    with database.reading() as session:
        row = session.get(m.Contract, contract, execution_options=including_cancelled())
        assert row is not None and row.cancelled and row.job_title == "Agent"


def test_a_pass_cancelled_elsewhere_is_said_when_its_correction_is_saved(
    qtbot, ctx, database, other_office
) -> None:
    with database.transaction() as session:
        person = f.person(session, "Lefèvre")
        person.birth_date = D(1990, 5, 17)
        person_id = person.id
    pass_id = ctx.run(pass_iae.add_pass, person_id, PassInput("99999 25 12345", D(2025, 1, 1)))
    file = _file(qtbot, ctx, person_id, "eligibility")
    tab = file.tab("eligibility")
    seen: list[tuple[str, bool, str, str, bool]] = []

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, PassDialog)
        other_office.run(cancel_pass, pass_id, "Saisi sur le mauvais dossier")
        before = _data(database)
        type_into(qtbot, dialog.number, "99999 25 54321")
        type_into(qtbot, dialog.why, "Faute de frappe")
        _save(qtbot, dialog)
        _fits(dialog)
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "pass_cancelled_elsewhere.png"))
        save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
        seen.append(
            (
                dialog.general_error.text(),
                dialog.isVisible(),
                dialog.number.text(),
                dialog.why.text(),
                _above(dialog.general_error, save, dialog),
            )
        )
        assert _data(database) == before

    on_next_dialog(correct)
    qtbot.mouseClick(tab.findChild(QPushButton, "btn_edit_pass"), Qt.MouseButton.LeftButton)
    refusal = stale_text(ctx, "pass_iae", pass_id)
    assert refusal.startswith("Modifié par Sophie Lacroix à ")
    assert seen == [(refusal, True, "99999 25 54321", "Faute de frappe", True)]
