"""The Documents page as a user drives it: choose, preview, print, save, batch and cancel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QPushButton
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.services.documents.printing import DocumentKind
from chantier_app.ui.documents.batch import BatchKind
from chantier_app.ui.documents.page import DocumentsPage
from chantier_app.ui.documents.preview import print_pdf
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx


class _Nav:
    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None: ...


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


@pytest.fixture
def page(qtbot, ctx, ids) -> DocumentsPage:
    widget = DocumentsPage(ctx, _Nav())
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _choose(combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))


def _preview(qtbot, page) -> None:
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.job.finished, timeout=20000):
        pass


def test_fields_follow_the_chosen_document(page) -> None:
    form = page.form
    _choose(page.kind, DocumentKind.FOLLOW_UP)
    assert form.isRowVisible(page.person) and not form.isRowVisible(page.team)
    _choose(page.kind, DocumentKind.SIGN_IN)
    assert form.isRowVisible(page.team) and form.isRowVisible(page.month)
    assert not form.isRowVisible(page.person) and not form.isRowVisible(page.week)
    page.by_week.setChecked(True)
    assert form.isRowVisible(page.week) and not form.isRowVisible(page.month)
    _choose(page.kind, DocumentKind.YEARLY_REPORT)
    assert form.isRowVisible(page.year) and not form.isRowVisible(page.team)


def test_follow_up_sheet_previewed_and_audited(qtbot, page, ctx, ids) -> None:
    _choose(page.kind, DocumentKind.FOLLOW_UP)
    page.person.setCurrentIndex(page.person.findData(ids.elodie))
    _preview(qtbot, page)
    preview = page.preview
    assert preview.document.status() == QPdfDocument.Status.Ready
    assert preview.document.pageCount() == 2
    assert "Fiche de suivi — Élodie LEFÈVRE" in preview.title.text()
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    assert "Élodie LEFÈVRE" in flat(preview.current.pdf)
    with ctx.database.reading() as session:
        entry = session.scalars(select(m.AuditEntry)).one()
    assert (entry.action, entry.person_id) == ("print", ids.elodie)


def test_person_typed_by_name(qtbot, page, ids) -> None:
    _choose(page.kind, DocumentKind.ATTESTATION)
    page.person.setEditText("MÜLLER Noël")
    _preview(qtbot, page)
    assert "Attestation d'expérience — Noël MÜLLER" in page.preview.title.text()


def test_unknown_name_asks_for_a_person_from_the_list(qtbot, page) -> None:
    _choose(page.kind, DocumentKind.FOLLOW_UP)
    page.person.setEditText("Personne")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == "Choisissez un salarié dans la liste."
    assert page.preview.current is None


def test_bad_data_shows_a_french_message_not_a_pdf(qtbot, page, ids) -> None:
    _choose(page.kind, DocumentKind.AMENDMENT)
    page.person.setCurrentIndex(page.person.findData(ids.loic))
    _preview(qtbot, page)
    assert "n'a aucun avenant" in page.message.text()
    assert page.preview.current is None and not page.preview.print_button.isEnabled()


def test_sign_in_sheet_of_a_week(qtbot, page, ids) -> None:
    _choose(page.kind, DocumentKind.SIGN_IN)
    _choose(page.team, ids.team_a)
    page.by_week.setChecked(True)
    page.week.setDate(QDate(2026, 11, 11))
    _preview(qtbot, page)
    assert "semaine du 09/11/2026" in page.preview.title.text()
    assert "ÇELIK Loïc" in flat(page.preview.current.pdf)


def test_save_writes_the_previewed_pdf(qtbot, page, ids, tmp_path) -> None:
    _choose(page.kind, DocumentKind.MONTHLY_STATEMENT)
    page.month.setDate(QDate(2026, 10, 1))
    _preview(qtbot, page)
    written = page.preview.save_to(tmp_path / "etat.pdf")
    assert written is not None and written.read_bytes() == page.preview.current.pdf


def test_printing_paints_every_page(qtbot, page, ids, tmp_path) -> None:
    _choose(page.kind, DocumentKind.SIGN_IN)
    _choose(page.team, ids.team_a)
    page.month.setDate(QDate(2026, 11, 1))
    _preview(qtbot, page)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "imprime.pdf"))
    assert print_pdf(page.preview.document, printer) == page.preview.document.pageCount()
    printed = PdfReader(io.BytesIO((tmp_path / "imprime.pdf").read_bytes()))
    assert len(printed.pages) == page.preview.document.pageCount()
    box = printed.pages[0].mediabox
    assert box.width > box.height  # the month sheet keeps its landscape page


def test_batch_of_sign_in_sheets_in_one_file(qtbot, page, tmp_path) -> None:
    _choose(page.batch.what, BatchKind.SIGN_INS)
    page.batch.month.setDate(QDate(2026, 11, 1))
    job = page.batch.start(tmp_path / "lot.pdf")
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert "Lot écrit dans" in page.batch.status.text()
    text = flat((tmp_path / "lot.pdf").read_bytes())
    assert "Équipe A" in text and "Cuisine" in text
    assert page.preview.current is not None  # the batch is shown too


def test_batch_of_follow_up_sheets_in_a_folder(qtbot, page, ids, tmp_path) -> None:
    _choose(page.batch.what, BatchKind.SUPERVISOR_FOLLOW_UPS)
    _choose(page.batch.team, ids.team_a)
    page.batch.folder.setChecked(True)
    page.batch.today = fx.TODAY  # the team's people are those under contract that day
    job = page.batch.start(tmp_path)
    with qtbot.waitSignal(job.finished, timeout=30000):
        pass
    assert sorted(p.name for p in Path(tmp_path).glob("*.pdf")) == [
        "fiche-de-suivi-version-encadrant-elodie-lefevre.pdf",
        "fiche-de-suivi-version-encadrant-loic-celik.pdf",
    ]
    assert page.batch.status.text() == f"2 fichiers écrits dans {tmp_path}."


def test_a_batch_can_be_cancelled(qtbot, demo_ctx, tmp_path) -> None:
    widget = DocumentsPage(demo_ctx, _Nav())
    qtbot.addWidget(widget)
    widget.show()
    batch = widget.batch
    _choose(batch.what, BatchKind.FOLLOW_UPS)
    batch.team.setCurrentIndex(0)
    requests, _ = batch.requests()
    assert len(requests) > 3
    job = batch.start(tmp_path / "annule.pdf")
    # « Annuler » pressed while the first sheet is being made: the batch stops before the next.
    assert isinstance(job.dialog, QProgressDialog)
    cancel = job.dialog.findChild(QPushButton)
    assert cancel.text() == "Annuler"
    cancel.click()
    with qtbot.waitSignal(job.finished, timeout=20000):
        pass
    assert batch.status.text() == "Lot annulé : aucun fichier n'a été écrit."
    assert not (tmp_path / "annule.pdf").exists()
    assert batch.start_button.isEnabled()
