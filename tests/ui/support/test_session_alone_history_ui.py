"""A training session nobody is enrolled in, corrected from the « Formations » page: its
previous version is kept though it is in no one's file, and « Historique… » reads it (it was
an audit line alone); cancelled, the session leaves the catalogue, its row kept."""

from __future__ import annotations

import datetime as dt
import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from sqlalchemy import select

from chantier_app.db import models as m
from chantier_app.db.cancellable import including_cancelled
from chantier_app.domain.codes.support_codes import TrainingKind
from chantier_app.services.trainings import sessions as trainings
from chantier_app.ui.trainings.correction_dialogs import CancelSessionDialog, SessionHistoryDialog
from chantier_app.ui.trainings.dialogs import SessionDialog
from tests.ui.contracts.test_contracts_tab import type_into
from tests.ui.people.test_diagnosis_corrections_ui import _fits
from tests.ui.support.support_gui import on_next_dialog
from tests.ui.support.test_trainings_screens import _page

D = dt.date
SHOTS = os.environ.get("CHANTIER_SHOTS")  # a folder: the dialogs are saved there to look at


def test_a_session_nobody_follows_is_corrected_then_its_history_read(qtbot, world, nav) -> None:
    caces = world.cip.run(
        trainings.save_session,
        None,
        trainings.SessionInput("CACES", TrainingKind.SAFETY, D(2026, 4, 13), D(2026, 4, 15), "21"),
    )
    page = _page(qtbot, world.cip, nav)
    page.resize(1280, 720)

    def correct(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionDialog)
        type_into(qtbot, dialog.title_, "CACES R489")
        type_into(qtbot, dialog.reason, "Intitule complet")
        _fits(dialog)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(correct)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    assert [s.title for s in page.sessions.rows()] == ["CACES R489"]
    lines: list[list[str]] = []

    def read(dialog: QDialog) -> None:
        assert isinstance(dialog, SessionHistoryDialog)
        _fits(dialog)
        model = dialog.model
        lines.extend(
            [model.index(r, c).data() for c in range(2, model.columnCount())]
            for r in range(model.rowCount())
        )
        lines.append([str(dialog.empty.isVisible()), str(dialog.table.isVisible())])
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "session_alone_history.png"))

    on_next_dialog(read)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    assert lines == [
        [
            "Correction — session de formation",
            "session « CACES R489 » : intitulé : CACES → CACES R489",
            "Intitule complet",
        ],
        ["False", "True"],
    ]

    def cancel(dialog: QDialog) -> None:
        assert isinstance(dialog, CancelSessionDialog)
        texts = [label.text() for label in dialog.findChildren(QLabel)]
        assert (
            "CACES R489 du 13/04/2026 au 15/04/2026, aucun inscrit.<br>L'annuler la retire du "
            "catalogue ; elle est gardée avec son historique des modifications." in texts
        )
        type_into(qtbot, dialog.reason, "Session reportee")
        _fits(dialog)
        if SHOTS:
            dialog.grab().save(os.path.join(SHOTS, "session_alone_cancel.png"))
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    on_next_dialog(cancel)
    qtbot.mouseClick(page.cancel_session_button, Qt.MouseButton.LeftButton)
    assert page.sessions.rows() == []
    with world.cip.database.reading() as session:
        row = session.get(m.TrainingSession, caces.id, execution_options=including_cancelled())
        assert row is not None
        assert (row.title, row.cancellation_reason) == ("CACES R489", "Session reportee")
        kept = session.scalars(
            select(m.RecordVersion.person_id).where(m.RecordVersion.record_id == caces.id)
        ).all()
    assert kept == [None, None]  # the correction's and the cancellation's, of no one's file
