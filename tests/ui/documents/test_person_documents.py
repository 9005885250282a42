"""The person's « Documents » tab, and ReportLab kept out of the application's start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from chantier_app.domain.codes.staff_codes import Role
from chantier_app.services.context import Actor, AppContext
from chantier_app.ui.documents.person_tab import PersonDocumentsTab
from chantier_app.ui.person.tabs import person_tabs
from tests.reports.pdf import flat
from tests.services import document_fixtures as fx

ROOT = Path(__file__).resolve().parents[3]


class _Nav:
    def show_page(self, key: str) -> None: ...

    def open_person(self, person_id: int, tab: str | None = None) -> None: ...


@pytest.fixture
def ids(database) -> fx.Ids:
    with database.transaction() as session:
        return fx.build(session)


def _tab(qtbot, ctx, person_id) -> PersonDocumentsTab:
    spec = next(s for s in person_tabs() if s.key == "documents")
    tab = spec.factory(ctx, _Nav(), person_id)
    qtbot.addWidget(tab)
    tab.show()
    assert isinstance(tab, PersonDocumentsTab)
    return tab


def test_lists_the_persons_documents(qtbot, qtmodeltester, ctx, ids) -> None:
    tab = _tab(qtbot, ctx, ids.elodie)
    qtmodeltester.check(tab.model)
    labels = [row.label for row in tab.model.rows()]
    assert labels[:3] == [
        "Contrat — Premières Heures du 01/09/2025",
        "Contrat — CDDI chantier remobilisant du 05/01/2026",
        "Avenant n° 1 — renouvellement, à compter du 05/07/2026",
    ]
    assert labels[-1] == "Attestation d'expérience"


def test_previews_the_chosen_document(qtbot, ctx, ids) -> None:
    tab = _tab(qtbot, ctx, ids.elodie)
    tab.table.selectRow(2)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tab.job.finished, timeout=20000):
        pass
    assert tab.preview.document.pageCount() == 1
    assert "Avenant au contrat — Élodie LEFÈVRE (n° 1)" in tab.preview.title.text()
    assert "jusqu'au 04/01/2027" in flat(tab.preview.current.pdf)


def test_a_supervisor_sees_only_the_encadrant_sheet(qtbot, ctx, ids) -> None:
    supervisor = AppContext(
        ctx.database,
        Actor(ids.supervisor, "Marc Petitjean", Role.SUPERVISOR, frozenset({ids.team_a})),
    )
    tab = _tab(qtbot, supervisor, ids.elodie)
    assert [row.label for row in tab.model.rows()] == ["Fiche de suivi (version encadrant)"]
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(tab.job.finished, timeout=20000):
        pass
    text = flat(tab.preview.current.pdf)
    assert "version encadrant technique" in text and "99999 12 34567" not in text


def test_reportlab_is_not_loaded_at_start_up(demo_ctx) -> None:
    """Opening the main window must not pay for ReportLab: it is imported on first print."""
    code = (
        "import sys, os;"
        "os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from chantier_app.ui.app import create_application;"
        "from chantier_app.ui.main_window import MainWindow;"
        "from chantier_app.services.context import AppContext, Actor;"
        "from chantier_app.db.engine import Database;"
        "app = create_application([]);"
        # The database's URL: the demo's file, or its database on the --postgres run's server.
        f"db = Database({demo_ctx.database.url!r});"
        "w = MainWindow(AppContext(db, Actor.system()));"
        "w.show_page('documents');"
        "print('reportlab' in sys.modules, 'pypdf' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
