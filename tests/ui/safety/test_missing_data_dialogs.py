"""A data file missing from a folder already used (issue 23, point 3): the start-up offers
the newest sound backup, or an empty start after a second question; never silently empty."""

from __future__ import annotations

import pytest
from dialog_helpers import Answers, run_with
from PySide6.QtWidgets import QMessageBox

from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.safety import backups
from chantier_app.ui.safety.startup import start_session

pytestmark = pytest.mark.sqlite_only(
    reason="a SQLite data file missing from its folder (a server keeps no file there to lose)"
)


@pytest.fixture
def lost(demo_ctx: AppContext) -> tuple[AppPaths, int]:
    """The demo data, backed up, then its file gone (moved away by a sync tool)."""
    demo_ctx.database.dispose()
    paths = demo_ctx.paths
    assert paths is not None
    good = backups.backup_now(paths, reason="fermeture")
    paths.db_path.unlink()
    return paths, backups.preview(good).people


def _people(paths: AppPaths) -> int:
    return backups.preview(paths.db_path).people


def test_the_newest_sound_backup_is_offered_and_restored(qtbot, lost) -> None:
    paths, people = lost
    answers = Answers("restore", QMessageBox.StandardButton.Ok)
    started = run_with(answers, lambda: start_session(paths))
    title, text = answers.seen[0]
    assert title == "Fichier de données absent"
    assert "alors que ce dossier a déjà servi (1 sauvegarde(s)" in text
    assert "La dernière sauvegarde saine date du" in text and f"({people} salariés" in text
    assert answers.seen[1][0] == "Sauvegarde restaurée"
    assert started is not None and not started.readonly
    started.opened.database.dispose()
    started.lock.release()
    assert _people(paths) == people > 0


def test_quitting_creates_no_file(qtbot, lost) -> None:
    paths, _people_count = lost
    answers = Answers("quit")
    assert run_with(answers, lambda: start_session(paths)) is None
    assert not paths.db_path.exists()
    assert not paths.lock_path.exists()


def test_an_empty_start_needs_a_second_yes(qtbot, lost) -> None:
    paths, _people_count = lost
    answers = Answers("start_empty", QMessageBox.StandardButton.No)
    assert run_with(answers, lambda: start_session(paths)) is None
    assert answers.seen[1][0] == "Démarrer avec des données vides"
    assert "Les sauvegardes restent dans" in answers.seen[1][1]
    assert not paths.db_path.exists()

    answers = Answers("start_empty", QMessageBox.StandardButton.Yes)
    started = run_with(answers, lambda: start_session(paths))
    assert started is not None
    started.opened.database.dispose()
    started.lock.release()
    assert _people(paths) == 0
    assert len(backups.files.list_backups(paths.backups_dir)) == 1  # kept for later


def test_a_lock_that_cannot_be_written_is_a_window(qtbot, lost) -> None:
    """Every start-up failure is a window (issue 23, point 10): here the lock's place is
    taken by a folder, so the lock file cannot be written."""
    paths, _people_count = lost
    paths.lock_path.mkdir()
    answers = Answers(QMessageBox.StandardButton.Ok)
    assert run_with(answers, lambda: start_session(paths)) is None
    assert answers.seen and answers.seen[0][0] == "Impossible d'ouvrir les données"
