"""Copies of the data a killed restore or backup left are removed at the next start
(issue 23, point 9), by real SIGKILLs; a copy whose process still runs is kept."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from chantier_app.db.backup import backup_name
from chantier_app.paths import AppPaths
from chantier_app.services.safety.bootstrap import open_data, open_data_quickly

ROOT = Path(__file__).resolve().parents[2]
SLEEPER = "import time; print('up', flush=True); time.sleep(300)"


def _killed_pid() -> int:
    """The number of a real process, killed with SIGKILL: what a crash leaves."""
    child = subprocess.Popen([sys.executable, "-c", SLEEPER], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline() == "up\n"
    child.send_signal(signal.SIGKILL)
    child.wait()
    return child.pid


def _leave(app_paths: AppPaths, pid: int) -> list[Path]:
    data = app_paths.db_path.read_bytes()  # full copies of the data, like the real ones
    restore_copy = app_paths.data_dir / f".restauration-{pid}.sqlite3"
    part = app_paths.backups_dir / f"{backup_name('fermeture')}.{pid}.part"
    for path in (restore_copy, part):
        path.write_bytes(data)
    return [restore_copy, part]


def test_copies_of_a_killed_process_are_removed_at_the_next_start(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    left = _leave(app_paths, _killed_pid())
    opened = open_data_quickly(app_paths)  # the usual start-up of the window
    assert opened is not None
    opened.database.dispose()
    assert not any(path.exists() for path in left)
    left = _leave(app_paths, _killed_pid())
    open_data(app_paths).database.dispose()  # the command line's opening
    assert not any(path.exists() for path in left)


def test_a_copy_whose_process_still_runs_is_kept(app_paths: AppPaths) -> None:
    open_data(app_paths).database.dispose()
    child = subprocess.Popen([sys.executable, "-c", SLEEPER], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "up\n"
        left = _leave(app_paths, child.pid)
        open_data(app_paths).database.dispose()
        assert all(path.exists() for path in left)  # it may still be writing them
    finally:
        child.kill()
        child.wait()


BACKING_UP = """
import sys
from chantier_app.db import backup as files
from chantier_app.paths import resolve_paths
paths = resolve_paths(sys.argv[1])
print("up", flush=True)
while True:
    files.copy_database(paths.db_path, paths.backups_dir / files.backup_name("boucle"))
"""


def test_the_part_of_a_backup_killed_midway_is_removed_at_the_next_start(
    app_paths: AppPaths,
) -> None:
    open_data(app_paths).database.dispose()
    rng = random.Random(9)
    for _kill in range(60):  # until a kill lands in the middle of a copy
        child = subprocess.Popen(
            [sys.executable, "-c", BACKING_UP, str(app_paths.data_dir)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert child.stdout is not None and child.stdout.readline() == "up\n"
        time.sleep(rng.uniform(0.05, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        parts = list(app_paths.backups_dir.glob("*.part"))
        if parts:
            break
    assert parts, "no kill landed during a copy"
    assert parts[0].name.endswith(f".{child.pid}.part")
    open_data(app_paths).database.dispose()
    assert not list(app_paths.backups_dir.glob("*.part*"))
