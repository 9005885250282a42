"""The « Fiche ASP » tab, the list of incomplete records and the import from les emplois,
used as a person would: read the labels, click, check the database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.domain.codes.person_codes import NirMissingReason
from chantier_app.services.context import AppContext
from chantier_app.services.people import records
from chantier_app.ui.platforms.asp_list import IncompleteRecordsDialog
from chantier_app.ui.platforms.asp_tab import AspRecordTab
from chantier_app.ui.platforms.emplois_dialog import EmploisImportDialog
from tests.services.people.emplois_files import MASKED, REFUSED, application, write_export
from tests.services.people_factory import person_input
from tests.ui.safety.dialog_helpers import Answers


class _Nav:
    def __init__(self) -> None:
        self.opened: list[tuple[int, str | None]] = []

    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None:
        self.opened.append((person_id, tab))


def test_the_asp_tab_lists_what_is_missing_and_copies_a_value(qtbot, ctx: AppContext) -> None:
    person = ctx.run(records.create_person, person_input(address_line1="12 bis rue des Lilas"))
    tab = AspRecordTab(ctx, _Nav(), person)
    qtbot.addWidget(tab)
    assert "Fiche incomplète" in tab.summary.text()
    shown = {f.key: f for f in tab.list.rows()}
    assert shown["codetypevoie"].value == "RUE – Rue" and shown["passIae"].status.blocking
    # The first problem is selected: copying gives what to paste into the Extranet.
    tab.list.select_row(shown["adrNumeroVoie"])
    tab._copy()
    assert QGuiApplication.clipboard().text() == "12"


def test_the_incomplete_list_opens_the_persons_asp_tab(qtbot, ctx: AppContext) -> None:
    from tests.contract_factories import add_contract

    person = ctx.run(records.create_person, person_input())
    with ctx.database.transaction() as session:
        today = dt.date.today()
        add_contract(session, person, today, today + dt.timedelta(days=180))
    opened: list[int] = []
    dialog = IncompleteRecordsDialog(ctx, opened.append)
    qtbot.addWidget(dialog)
    (row,) = dialog.list.rows()
    assert row.person_id == person and "Numéro de PASS IAE" in row.summary
    assert "1 fiche(s) à compléter" in dialog.summary.text()
    dialog.list.select_row(row)
    dialog.open_button.click()
    assert opened == [person]


def test_the_emplois_dialog_previews_then_imports(qtbot, ctx: AppContext, tmp_path: Path) -> None:
    path = write_export(tmp_path / "export.xlsx",
                        [application(), application(**MASKED), application(**REFUSED)])  # fmt: skip
    dialog = EmploisImportDialog(ctx, path)
    qtbot.addWidget(dialog)
    assert "1 ligne(s) créent un dossier" in dialog.summary.text()
    assert "2 non importée(s)" in dialog.summary.text()
    assert dialog.import_button.text() == "Importer 1 ligne(s)"
    answers = Answers(QMessageBox.StandardButton.Ok)
    dialog.import_button.click()
    assert answers.done() and "1 dossier(s) créé(s)" in answers.seen[0][1]
    with ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.EmploisHire)) == 1
        person = session.scalars(select(m.Person)).one()
        assert person.nir_missing_reason is NirMissingReason.TO_COMPLETE
    again = EmploisImportDialog(ctx, path)
    qtbot.addWidget(again)
    assert "Rien à importer" in again.summary.text() and not again.import_button.isEnabled()


def test_the_contracts_tab_completes_an_imported_hire(
    qtbot, ctx: AppContext, tmp_path: Path
) -> None:
    from chantier_app.ui.contracts.person_tab import ContractsTab

    path = write_export(tmp_path / "export.xlsx", [application()])
    from chantier_app.services.people import emplois_import

    ctx.run(emplois_import.import_from_emplois, path, today=dt.date(2026, 11, 23))
    with ctx.database.reading() as session:
        person = session.scalars(select(m.Person.id)).one()
    tab = ContractsTab(ctx, _Nav(), person, today=dt.date(2026, 2, 20))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.complete_button.isVisible()
    assert "Embauche du 02/03/2026 au 01/09/2026" in tab.pending_label.text()
    assert "éligibilité validée sur la plateforme" in tab.pending_label.text()
    tab.complete_button.click()
    dialog = tab.dialog
    assert dialog is not None
    assert dialog.start.text() == "02/03/2026" and dialog.end.text() == "01/09/2026"
    dialog.reject()
