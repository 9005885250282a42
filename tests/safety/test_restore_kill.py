"""SIGKILL at random moments while ``chantier restore`` replaces a damaged file (issue 23,
point 3): the folder always holds a data file, the damaged one or the restored one, never
none (which the next start would have turned into an empty database)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_helpers import hire

from chantier_app.db.backup import inspect_backup
from chantier_app.db.check import check_database
from chantier_app.paths import AppPaths
from chantier_app.services.context import Actor, AppContext
from chantier_app.services.safety import backups
from chantier_app.services.safety.bootstrap import open_data

ROOT = Path(__file__).resolve().parents[2]
KILLS = 30


def _damaged_bytes(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    for offset in range(4096 + 200, len(data), 509):  # every page but the first, scribbled
        data[offset : offset + 8] = b"\xa5" * 8
    return bytes(data)


def _restore(app_paths: AppPaths, backup: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "chantier_app", "--data-dir", str(app_paths.data_dir),
         "restore", str(backup), "--oui"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip


def _reset(app_paths: AppPaths, damaged: bytes) -> None:
    """The damaged file back in place, and nothing the previous run left beside it."""
    for leftover in app_paths.data_dir.iterdir():
        if leftover.is_file() and leftover.name != "chantier.lock":
            leftover.unlink()
    app_paths.db_path.write_bytes(damaged)


@pytest.mark.slow
def test_a_killed_restore_never_leaves_the_folder_without_data(app_paths: AppPaths) -> None:
    ctx = AppContext(open_data(app_paths).database, Actor.system(), app_paths)
    for n in range(4):
        ctx.run(hire, n)
    backup = backups.backup_now(ctx, reason="fermeture")
    people = inspect_backup(backup).people
    ctx.database.dispose()
    damaged = _damaged_bytes(app_paths.db_path)
    _reset(app_paths, damaged)
    assert not check_database(app_paths.db_path).ok

    # One whole restore: how long it runs after it printed what it restores.
    child = _restore(app_paths, backup)
    assert child.stdout is not None
    child.stdout.readline()
    began = time.monotonic()
    _out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    span = time.monotonic() - began

    rng = random.Random(23)
    outcomes = {"damaged": 0, "restored": 0}
    for kill in range(KILLS):
        _reset(app_paths, damaged)
        child = _restore(app_paths, backup)
        assert child.stdout is not None
        child.stdout.readline()  # the backup's description: the restore starts now
        time.sleep(rng.uniform(0.0, span * 1.1))
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
        live = app_paths.db_path
        assert live.exists(), (kill, sorted(p.name for p in app_paths.data_dir.iterdir()))
        if live.read_bytes() == damaged:
            outcomes["damaged"] += 1
        else:
            assert check_database(live).ok, kill
            assert inspect_backup(live).people == people, kill
            outcomes["restored"] += 1
    print(f"{KILLS} kills during the restore of a damaged file: {outcomes}")
    assert outcomes["damaged"] and outcomes["restored"]  # kills landed before and after
