"""Start-up in the GUI: a second instance, another computer's lock, a read-only folder, a
damaged file, a network drive; each time the user is told and the data stay safe."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from dialog_helpers import Answers, run_with
from PySide6.QtWidgets import QMessageBox

from chantier_app.paths import AppPaths
from chantier_app.services.context import AppContext
from chantier_app.services.safety import backups, bootstrap
from chantier_app.services.safety.lock import LockOwner, read_owner
from chantier_app.ui.safety.startup import start_session

pytestmark = pytest.mark.sqlite_only(
    reason="the data folder's lock and SQLite file at start-up: another instance, another "
    "computer, a read-only folder, a damaged file (a server has no lock file: "
    "test_server_start.py)"
)

ROOT = Path(__file__).resolve().parents[3]
NAMED_HOLDER = (
    "import sys, time; from chantier_app.paths import resolve_paths;"
    "from chantier_app.services.safety.bootstrap import take_writer_lock;"
    "l = take_writer_lock(resolve_paths(sys.argv[1])); l.name_holder('Sophie Lacroix');"
    "print('locked', flush=True); time.sleep(120)"
)
HOLDER = (
    "import sys, time; from chantier_app.paths import resolve_paths;"
    "from chantier_app.services.safety.bootstrap import take_writer_lock;"
    "l = take_writer_lock(resolve_paths(sys.argv[1])); print('locked', flush=True); time.sleep(120)"
)


@pytest.fixture
def saved(demo_ctx: AppContext) -> AppPaths:
    demo_ctx.database.dispose()
    assert demo_ctx.paths is not None
    return demo_ctx.paths


def _close(started) -> None:  # type: ignore[no-untyped-def]
    started.opened.database.dispose()
    if started.lock is not None:
        started.lock.release()


def test_first_instance_takes_the_lock(qtbot, saved: AppPaths) -> None:
    started = start_session(saved)
    assert started is not None and not started.readonly
    assert read_owner(saved.lock_path) == LockOwner.current()
    _close(started)
    assert not saved.lock_path.exists()


def test_second_instance_is_offered_consultation(qtbot, saved: AppPaths) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(saved.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        answers = Answers("consult")
        started = run_with(answers, lambda: start_session(saved))
        title, text = answers.seen[0]
        assert title == "Données déjà ouvertes"
        assert f"programme n° {holder.pid}" in text
        assert "déjà ouverte sur cet ordinateur" in text
        assert started is not None and started.readonly and started.lock is None
        _close(started)
        assert read_owner(saved.lock_path).pid == holder.pid  # type: ignore[union-attr]
    finally:
        holder.kill()
        holder.wait()


def test_a_live_lock_names_its_holder_and_a_killed_one_is_taken_over_with_a_note(
    qtbot, saved: AppPaths
) -> None:
    """Issue 23, point 3: the session that holds the data is named (staff member, computer,
    since when); once its process is SIGKILLed, its leftover lock is recognised as stale
    and taken over with a note, not refused."""
    holder = subprocess.Popen(
        [sys.executable, "-c", NAMED_HOLDER, str(saved.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        owner = read_owner(saved.lock_path)
        assert owner is not None and owner.staff == "Sophie Lacroix"
        since = dt.datetime.fromtimestamp(owner.since).strftime("%H:%M")
        answers = Answers("quit")
        assert run_with(answers, lambda: start_session(saved)) is None
        title, text = answers.seen[0]
        assert title == "Données déjà ouvertes"
        assert text.startswith(
            "Les données sont déjà ouvertes en modification par Sophie Lacroix sur le poste "
            f"« {socket.gethostname()} »"
        )
        assert f"programme n° {holder.pid}, depuis {since}." in text
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert read_owner(saved.lock_path) == owner  # the killed session's lock is left behind
    answers = Answers(QMessageBox.StandardButton.Ok)
    started = run_with(answers, lambda: start_session(saved))
    [(title, text)] = answers.seen
    assert title == "Session précédente interrompue"
    assert "La session précédente (Sophie Lacroix sur le poste" in text
    assert "ne s'est pas fermée normalement" in text
    assert started is not None and not started.readonly
    assert started.lock is not None and started.lock.replaced == owner
    assert read_owner(saved.lock_path) == started.lock.owner
    _close(started)
    assert not saved.lock_path.exists()


def test_the_application_names_who_is_logged_in_in_its_lock(saved: AppPaths) -> None:
    """The demo opens as its director: her name is in the lock while the window shows."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("start_child.py")), str(saved.data_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    [shown] = [line for line in result.stdout.splitlines() if line.startswith("WINDOW ")]
    owner = LockOwner.from_text(shown.removeprefix("WINDOW "))
    assert owner is not None and owner.staff == "Isabelle Moreau"
    assert not saved.lock_path.exists()


def _other_computer(paths: AppPaths) -> None:
    paths.lock_path.write_text(
        json.dumps({"host": "PC-ACCUEIL", "pid": 812, "started": 1.0e9, "user": "marie"}),
        encoding="utf-8",
    )


def test_another_computer_quit_leaves_everything(qtbot, saved: AppPaths) -> None:
    _other_computer(saved)
    before = saved.lock_path.read_bytes()
    answers = Answers("quit")
    assert run_with(answers, lambda: start_session(saved)) is None
    assert "le poste « PC-ACCUEIL »" in answers.seen[0][1]
    assert saved.lock_path.read_bytes() == before


def test_another_computer_is_taken_over_only_after_confirming(qtbot, saved: AppPaths) -> None:
    _other_computer(saved)
    # Take over, answer « Non » to the confirmation: asked again; then take over for real.
    answers = Answers(
        "takeover",
        QMessageBox.StandardButton.No,
        "takeover",
        QMessageBox.StandardButton.Yes,
    )
    started = run_with(answers, lambda: start_session(saved))
    assert answers.done()
    assert "Vérifiez que l'application est fermée sur le poste « PC-ACCUEIL »" in answers.seen[1][1]
    assert started is not None and not started.readonly
    assert read_owner(saved.lock_path) == LockOwner.current()
    _close(started)


def test_read_only_folder_opens_for_consultation(qtbot, saved: AppPaths, make_read_only) -> None:
    with make_read_only(saved.data_dir):
        answers = Answers("consult")
        started = run_with(answers, lambda: start_session(saved))
        assert answers.seen[0][0] == "Dossier en lecture seule"
        assert started is not None and started.readonly
        with started.opened.database.reading() as session:
            from sqlalchemy import text

            assert session.execute(text("SELECT count(*) FROM person")).scalar() > 0
        _close(started)


def test_damaged_file_restores_the_newest_good_backup(qtbot, saved: AppPaths) -> None:
    good = backups.backup_now(saved, reason="fermeture")
    people = backups.preview(good).people
    saved.db_path.write_bytes(b"\x00" * 8192)
    answers = Answers("restore", QMessageBox.StandardButton.Ok)
    started = run_with(answers, lambda: start_session(saved))
    title, text = answers.seen[0]
    assert title == "Fichier de données endommagé"
    assert "il n'a pas été modifié" in text and "La dernière sauvegarde saine date du" in text
    assert "est conservé sous le nom chantier-endommage-" in answers.seen[1][1]
    assert started is not None and not started.readonly
    _close(started)
    assert backups.preview(saved.db_path).people == people
    [aside] = saved.data_dir.glob("chantier-endommage-*.sqlite3")
    assert aside.read_bytes() == b"\x00" * 8192


def test_damaged_file_and_quit_touches_nothing(qtbot, saved: AppPaths) -> None:
    backups.backup_now(saved)
    saved.db_path.write_bytes(b"abime" * 2000)
    answers = Answers("quit")
    assert run_with(answers, lambda: start_session(saved)) is None
    assert saved.db_path.read_bytes() == b"abime" * 2000
    assert not saved.lock_path.exists()  # released on the way out


def test_network_folder_is_warned_about(qtbot, saved: AppPaths, monkeypatch) -> None:
    monkeypatch.setattr(bootstrap, "network_filesystem", lambda _path: "cifs")
    answers = Answers(QMessageBox.StandardButton.Ok)
    started = run_with(answers, lambda: start_session(saved))
    assert answers.seen == [
        (
            "Dossier des données sur le réseau",
            bootstrap.startup_warnings(saved)[0],
        )
    ]
    assert "lecteur réseau (cifs)" in answers.seen[0][1]
    assert started is not None
    _close(started)


def test_damaged_file_in_consultation_is_explained(qtbot, saved: AppPaths) -> None:
    backups.backup_now(saved)
    saved.db_path.write_bytes(b"abime" * 2000)
    answers = Answers(QMessageBox.StandardButton.Ok)
    assert run_with(answers, lambda: start_session(saved, readonly=True)) is None
    assert answers.seen[0][0] == "Fichier de données endommagé"
    assert "Ouvrez l'application en modification pour restaurer" in answers.seen[0][1]
    assert saved.db_path.read_bytes() == b"abime" * 2000
