"""The bilan dialog and the control dialog, used as the CIP and the director would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from chantier_app.db import models as m
from chantier_app.services.context import AppContext
from chantier_app.ui.platforms.bilan_dialog import PathReportDialog
from chantier_app.ui.platforms.control_dialog import ControlDialog
from tests.conftest import TODAY


def _someone(demo_ctx: AppContext) -> int:
    with demo_ctx.database.reading() as session:
        return session.scalars(select(m.Pmsmp.person_id).order_by(m.Pmsmp.id)).first()


def test_the_cip_reviews_saves_and_prints_the_bilan(
    qtbot, demo_ctx: AppContext, tmp_path: Path
) -> None:
    person = _someone(demo_ctx)
    dialog = PathReportDialog(demo_ctx, person, today=TODAY)
    qtbot.addWidget(dialog)
    assert not dialog.pdf_button.isEnabled()  # saved first
    dialog.save_button.click()
    assert dialog.errors.message_for("recipient_name") == (
        "Destinataire : indiquez son nom ou son organisme."
    )
    assert dialog.report_id is None  # refused: nothing saved
    dialog.recipient_name.setText("Mme Caron")
    pmsmp = next(box for box in dialog.sections if box.key == "pmsmp")
    pmsmp.shared.setChecked(False)
    path_box = next(box for box in dialog.sections if box.key == "path")
    path_box.text.setPlainText(path_box.text.toPlainText() + "\nRelu par la CIP")
    dialog.save_button.click()
    assert dialog.report_id is not None and dialog.pdf_button.isEnabled()
    written = dialog.write_pdf(tmp_path / "bilan.pdf")
    assert written is not None
    text = "\n".join(p.extract_text() for p in PdfReader(written).pages)
    assert "Relu par la CIP" in text and "Immersions en entreprise" not in text
    with demo_ctx.database.reading() as session:
        assert session.scalar(select(func.count()).select_from(m.PathReport)) == 1


def test_the_director_exports_the_control_file_and_freezes_the_year(
    qtbot, demo_ctx: AppContext, tmp_path: Path
) -> None:
    dialog = ControlDialog(demo_ctx, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.start.setText("01/01/2026")
    dialog.end.setText("31/10/2026")
    start, end = dialog.period()
    assert (start, end) == (dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    saved = dialog.save_to("xlsx", start, end, tmp_path / "controle.xlsx")
    assert saved is not None and "Synthèse" in load_workbook(saved, read_only=True).sheetnames
    assert "Dossier de contrôle enregistré" in dialog.general.text()
    dialog.end.setText("31/12/2025")
    dialog.start.setText("01/01/2026")
    assert dialog.save_to("pdf", *dialog.period(), tmp_path / "x.pdf") is None
    assert "la fin précède le début" in dialog.errors.message_for("end")
    dialog.label.setText("Dialogue de gestion DDETS")
    dialog.freeze_button.click()
    (row,) = dialog.frozen.rows()
    assert row.label == "Dialogue de gestion DDETS" and not row.withdrawn
