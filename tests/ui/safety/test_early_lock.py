"""The encrypted log-in takes the folder's lock while it shows (as the clear start takes it
before its own log-in), so that after the password only the data's opening is left; a lock
held elsewhere is still asked about by the usual start-up, and quitting frees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from dialog_helpers import Answers, run_with
from PySide6.QtWidgets import QMessageBox

from chantier_app.db import cipher
from chantier_app.paths import AppPaths
from chantier_app.services.safety import keys
from chantier_app.services.safety.bootstrap import open_data
from chantier_app.services.safety.lock import LockOwner, read_owner
from chantier_app.ui.safety.startup import EarlyLock, start_session
from tests.services.accounts_factory import set_up

ROOT = Path(__file__).resolve().parents[3]
HOLD = (
    "import sys, time; from chantier_app.paths import resolve_paths;"
    "from chantier_app.services.safety.bootstrap import take_writer_lock;"
    "l = take_writer_lock(resolve_paths(sys.argv[1])); print('locked', flush=True); time.sleep(120)"
)


def _encrypted(paths: AppPaths) -> AppPaths:
    cipher.forget_keys()
    keys.create_keys(paths)
    database = open_data(paths).database
    set_up(database)
    database.dispose()
    return paths  # its key still unlocked, as after the log-in


def test_the_lock_taken_during_the_log_in_is_the_start_ups(qtbot, app_paths: AppPaths) -> None:
    paths = _encrypted(app_paths)
    early = EarlyLock(paths)
    early.start()
    lock = early.taken()
    assert lock is not None and read_owner(paths.lock_path) == LockOwner.current()
    started = start_session(paths, check_later=True, lock=lock)
    assert started is not None and started.lock is lock and not started.readonly
    started.opened.database.dispose()
    lock.release()
    assert not paths.lock_path.exists()
    cipher.forget_keys()


def test_quitting_at_the_log_in_frees_the_lock_and_a_late_start_takes_nothing(
    app_paths: AppPaths,
) -> None:
    paths = _encrypted(app_paths)
    early = EarlyLock(paths)
    early.start()
    early.release()  # the user closed the log-in window
    assert not paths.lock_path.exists()
    late = EarlyLock(paths)
    assert late.taken() is None
    late.start()  # the window's timer after start_session took over: nothing is taken
    assert late.taken() is None and not paths.lock_path.exists()
    cipher.forget_keys()


def test_a_lock_held_elsewhere_is_asked_about_as_before(qtbot, app_paths: AppPaths) -> None:
    paths = _encrypted(app_paths)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(paths.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        early = EarlyLock(paths)
        early.start()
        assert early.taken() is None  # held: left to the start-up, which asks
        answers = Answers("consult")
        started = run_with(answers, lambda: start_session(paths, check_later=True))
        assert answers.seen[0][0] == "Données déjà ouvertes"
        assert started is not None and started.readonly and started.lock is None
        started.opened.database.dispose()
    finally:
        holder.kill()
        holder.wait()
        cipher.forget_keys()


def test_a_crashed_sessions_lock_taken_early_is_still_noted(qtbot, app_paths: AppPaths) -> None:
    paths = _encrypted(app_paths)
    crashed = subprocess.run(
        [sys.executable, "-c", HOLD.replace("time.sleep(120)", "os._exit(0)").replace(
            "import sys, time", "import os, sys, time"
        ), str(paths.data_dir)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert crashed.stdout.strip() == "locked" and paths.lock_path.exists()  # left behind
    early = EarlyLock(paths)
    early.start()
    lock = early.taken()
    assert lock is not None and lock.replaced is not None  # taken over in the background
    answers = Answers(QMessageBox.StandardButton.Ok)
    started = run_with(answers, lambda: start_session(paths, check_later=True, lock=lock))
    assert answers.seen[0][0] == "Session précédente interrompue"
    assert started is not None
    started.opened.database.dispose()
    lock.release()
    cipher.forget_keys()
